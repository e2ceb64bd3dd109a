"""Plan progress: targets the catalog can count are counted, with the rule in Vietnamese.

Counts are "theo dữ liệu hiện có": the catalog holds only recognitions with a source, so
every count comes with how many decisions of that province and period are on record.
"""
from __future__ import annotations

from dataclasses import dataclass

from .model import Catalog, Decision, Plan, Product, Recognition, Target
from .reuse import Reuse

COMPARISON_WORDS = {"at_least": "ít nhất", "about": "khoảng", "exactly": "", "at_most": "tối đa"}


@dataclass(frozen=True)
class Progress:
    target: Target
    count: int | None  # None: the catalog cannot count this target
    products: tuple[Product, ...]
    rule: str  # the counting rule in plain Vietnamese
    decisions_on_record: int  # decisions of the province dated in the period
    undated_decisions: int  # decisions of the province with only a "reported by" date
    percent: int | None  # of the target's (lower) value, capped at 100

    @property
    def met(self) -> bool:
        return self.count is not None and self.count >= self.target.value


def _number(value: float) -> str:
    return f"{value:g}".replace(".", ",")


def target_amount(target: Target) -> str:
    """'ít nhất 20 sản phẩm', 'từ 1 đến 3 sản phẩm', 'khoảng 80 sản phẩm', '2 tin, bài/tháng'."""
    if target.comparison == "range":
        amount = f"từ {_number(target.value)} đến {_number(target.value_max)}"
    else:
        amount = f"{COMPARISON_WORDS[target.comparison]} {_number(target.value)}".strip()
    unit = target.unit
    text = f"{amount}{unit}" if unit == "%" else f"{amount} {unit}"
    return f"{text}/{target.per}" if target.per else text


def period_words(period: tuple[int, int]) -> str:
    start, end = period
    return f"trong năm {start}" if start == end else f"trong giai đoạn {start}–{end}"


def rule_text(target: Target) -> str:
    when = period_words(target.period)
    if target.measure == "new":
        return f"sản phẩm được công nhận lần đầu từ {target.stars} sao trở lên {when}"
    if target.measure == "recognized":
        return f"sản phẩm được công nhận (lần đầu hoặc công nhận lại) từ {target.stars} sao trở lên {when}"
    if target.measure == "reached":
        stars = f"{target.stars} sao" if target.stars == 5 else f"từ {target.stars} sao trở lên"
        return f"sản phẩm lần đầu đạt {stars} {when}"
    if target.measure == "upgraded":
        return f"sản phẩm được nâng hạng từ {target.from_stars} sao lên {target.to_stars} sao {when}"
    return ""


def _in_period(recognition: Recognition, period: tuple[int, int]) -> bool:
    decision = recognition.decision
    return decision.date is not None and period[0] <= decision.date.year <= period[1]


def _counts(product: Product, target: Target) -> bool:
    history = product.history
    period = target.period
    if target.measure == "new":
        first = history[0] if history else None
        return bool(first and not first.renewal and first.stars >= target.stars and _in_period(first, period))
    if target.measure == "recognized":
        return any(r.stars >= target.stars and _in_period(r, period) for r in history)
    if target.measure == "reached":
        first_at_level = next((r for r in history if r.stars >= target.stars), None)
        return bool(first_at_level and not first_at_level.renewal and _in_period(first_at_level, period))
    if target.measure == "upgraded":
        return any(history[i - 1].stars == target.from_stars and history[i].stars == target.to_stars
                   and _in_period(history[i], period) for i in range(1, len(history)))
    return False


def plan_provinces(catalog: Catalog, plan: Plan) -> set[str]:
    """The province that issued the plan and those merged into it."""
    return {plan.province, *catalog.provinces[plan.province].absorbed}


def _scope(catalog: Catalog, plan: Plan, decisions_by_province: dict[str, list[Decision]] | None = None
           ) -> tuple[tuple, tuple]:
    """The decisions and products of the plan's provinces (its own and those merged into it).

    The products are the catalog's province_products (the same members, in catalog order); the
    decisions are only counted, so their order does not matter."""
    members = plan_provinces(catalog, plan)
    if decisions_by_province is None:
        decisions = tuple(d for d in catalog.decisions if d.province in members)
    else:
        decisions = tuple(d for province in sorted(members) for d in decisions_by_province.get(province, ()))
    return decisions, catalog.province_products.get(plan.province, ())


def _measure(target: Target, decisions: tuple, products_in_scope: tuple) -> Progress:
    in_period = sum(1 for d in decisions if d.date and target.period[0] <= d.date.year <= target.period[1])
    undated = sum(1 for d in decisions if d.date is None)
    if not target.countable:
        return Progress(target, None, (), "", in_period, undated, None)
    products = tuple(p for p in products_in_scope if _counts(p, target))
    percent = min(100, round(100 * len(products) / target.value)) if target.value else None
    return Progress(target, len(products), products, rule_text(target), in_period, undated, percent)


def measure(catalog: Catalog, plan: Plan, target: Target) -> Progress:
    return _measure(target, *_scope(catalog, plan))


def plan_progress(catalog: Catalog, plan: Plan,
                  decisions_by_province: dict[str, list[Decision]] | None = None) -> list[Progress]:
    scope = _scope(catalog, plan, decisions_by_province)  # once per plan, not once per target
    return [_measure(target, *scope) for target in plan.targets]


def all_progress(catalog: Catalog, reuse: Reuse | None = None) -> dict[tuple[str, str], list[Progress]]:
    """{(province, plan slug): progress of each target} for every plan. reuse: a plan's progress of the last
    build in this process, while the plan and its provinces' decisions and products are the very same
    objects (serve)."""
    reuse = reuse or Reuse(keep=False)
    decisions_by_province: dict[str, list[Decision]] = {}
    for decision in catalog.decisions:
        decisions_by_province.setdefault(decision.province, []).append(decision)
    progress = {}
    for plan in catalog.plans:
        decisions, products = _scope(catalog, plan, decisions_by_province)
        progress[plan.province, plan.slug] = reuse.get(
            ("progress", plan.province, plan.slug), (plan, *decisions, *products),
            lambda: [_measure(target, decisions, products) for target in plan.targets])
    return progress
