"""Chinese labels shared by the summary of ``yusuan parse`` and the reports of ``yusuan check``."""

from __future__ import annotations

from yusuan.model import TableKind

# Chinese names of the canonical table kinds (DOMAIN.md §2).
KIND_LABELS: dict[TableKind, str] = {
    TableKind.SUMMARY: "收支总表",
    TableKind.INCOME: "收入总表",
    TableKind.EXPENDITURE: "支出总表",
    TableKind.FISCAL_SUMMARY: "财政拨款收支总表",
    TableKind.GENERAL_PUBLIC: "一般公共预算支出表",
    TableKind.GENERAL_PUBLIC_BASIC: "一般公共预算基本支出表",
    TableKind.GENERAL_PUBLIC_BASIC_DETAIL: "基本支出明细表",
    TableKind.ECONOMIC_SUMMARY: "支出经济分类汇总表",
    TableKind.GOV_FUND: "政府性基金预算支出表",
    TableKind.STATE_CAPITAL: "国有资本经营预算支出表",
    TableKind.SPECIAL_ACCOUNT: "财政专户管理资金支出表",
    TableKind.THREE_PUBLIC: "“三公”经费支出表",
    TableKind.PROJECTS: "项目支出表",
    TableKind.PERFORMANCE_PROJECTS: "项目绩效目标表",
    TableKind.PERFORMANCE_OVERALL: "整体绩效目标表",
    TableKind.PROCUREMENT: "政府采购预算表",
    TableKind.ASSETS: "固定资产占用表",
    TableKind.ORGANIZATION: "机构设置",
    TableKind.OTHER: "其他表格",
}
