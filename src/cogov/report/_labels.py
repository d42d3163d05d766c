"""Bilingual labels of the report and the command line (Chinese first, English second).

Labels of domain things (issue kinds, states, grids, roles) come from the charter and the
community, which carry both languages; this module holds only the words of the report's
own frame: section titles, column heads, units.
"""

from __future__ import annotations

from cogov.errors import UnknownKeyError

__all__ = ["LANGS", "check_lang", "t", "translate"]

#: languages every label exists in
LANGS = ("zh", "en")

_LABELS: dict[str, tuple[str, str]] = {
    "report": ("社区共治报告", "Community co-governance report"),
    "period": ("统计期", "Period"),
    "simulated": ("模拟", "Simulated"),
    "recorded": ("实际记录", "Recorded"),
    "replications": ("重复模拟次数", "Replications"),
    "seed": ("随机种子", "Seed"),
    "source": ("数据来源", "Source"),
    "generated": ("生成时间", "Generated"),
    "headline": ("主要指标", "Headline figures"),
    "figure": ("指标", "Figure"),
    "value": ("本报告", "This report"),
    "simulated_mean": ("模拟均值", "Simulated mean"),
    "reported": ("原文报道", "Reported by the source"),
    "ci": ("95% 置信区间", "95% confidence interval"),
    "difference": ("差异", "Difference"),
    "comparison": ("对比", "Comparison"),
    "paired_difference": ("配对差异及95%置信区间", "Paired difference, 95% CI"),
    "independent_difference": ("差异及95%置信区间（独立样本）", "Difference, 95% CI (independent)"),
    "funnel": ("问题流转漏斗", "Issue funnel"),
    "by_month": ("逐月问题数", "Issues by month"),
    "collected": ("收集", "collected"),
    "resolved": ("解决", "resolved"),
    "by_grid": ("各网格问题数", "Issues by grid"),
    "resolution_time": ("办结用时分布", "Time to resolution"),
    "days": ("天", "days"),
    "issues": ("问题数", "issues"),
    "satisfaction": ("群众满意度", "Residents' satisfaction"),
    "answers": ("回访答复", "follow-up answers"),
    "scores": ("评价得分", "Scores"),
    "score": ("得分", "Score"),
    "subject": ("对象", "Subject"),
    "grade": ("等级", "Grade"),
    "breakdown": ("得分构成", "Breakdown"),
    "weight": ("权重", "Weight"),
    "points": ("分值", "Points"),
    "intervals": ("模拟置信区间", "Simulation confidence intervals"),
    "grid_map": ("党群社情图", "Grid map of issues and resources"),
    "density": ("每百户问题数", "issues per 100 households"),
    "households": ("户数", "households"),
    "grid": ("网格", "grid"),
    "low": ("低", "low"),
    "high": ("高", "high"),
    "no_data": ("无数据", "no data"),
    "not_rated": ("不参评", "not rated"),
    "offline_note": (
        "本报告为单一离线文件，不依赖网络。",
        "This report is one self-contained file and works offline.",
    ),
    "sweep": ("参数扫描", "Parameter sweep"),
}


def check_lang(lang: str) -> str:
    """Return ``lang`` if it is a supported language, else raise with the choices."""
    if lang not in LANGS:
        msg = f"unknown language {lang!r}; choose one of {', '.join(LANGS)}"
        raise UnknownKeyError(msg)
    return lang


def translate(key: str, lang: str) -> str:
    """The report label ``key`` in ``lang`` (``"zh"`` or ``"en"``)."""
    try:
        zh, en = _LABELS[key]
    except KeyError:
        msg = f"no report label {key!r}"
        raise UnknownKeyError(msg) from None
    return zh if lang == "zh" else en


#: the short name the report's own modules use for :func:`translate`
t = translate
