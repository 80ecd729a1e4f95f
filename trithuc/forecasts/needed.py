"""The "needed" scenario: the smallest yearly upgrades and hires per sector, on top of the
estimated flows, that meet every target on time. numpy only, no Django.

A target is a `Goal` over the model's figures: people of some sectors, genders and
education levels (the population), of whom those at some levels count (the numerator);
a share (percent) or a count, reached by a year. Each goal gets one lever, a yearly
number of people t from the first step to its year, spread over its sectors by their
stock on the start date:

- upgrades into the lowest level it counts, from the levels below it that its
  population holds, in proportion to their people (they raise a share without raising
  its denominator), or
- hires at that level, when there is no level below or upgrades cannot deliver (they
  draw on the stock at "from", which may run out).

The model is linear in the extra people until upgrades run out, so one run per lever
gives its effect on every goal; the levers' sizes come from those effects (each goal's
constraint is linear in the levers: for a share, numerator − share × denominator ≥ 0),
raised in turn until every goal holds, then each lowered as far as every goal allows:
no lever can be smaller without a goal missed. The model is then run again with the
solution and each goal is checked on that run; a goal whose upgrades ran short gets
hires instead; last, each lever is lowered on the model itself (one run when it is within
1% of the least, else bisection) as far as every goal holds, since upgrades that thin
their source are not quite linear.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from trithuc.forecasts.model import Extra, Grouped, Prepared, Rates, simulate

BY = ("sector", "education_level", "gender")
INCREASING = (">=", ">", "=", "range")
ROUNDS = 4
CORRECTIONS = 4
TOLERANCE = 0.01  # each lever within 1% of the least that meets every goal
TIGHTEN_STEPS = 8  # bisection on the model when it is not


@dataclass(frozen=True)
class Goal:
    key: str
    year: int
    comparator: str  # ">=", ">", "=", "range", "<=", "<"
    value: float  # percent for a share
    share: bool
    sectors: np.ndarray  # bool [sectors]
    genders: np.ndarray  # bool [2]
    population: np.ndarray  # bool [levels]
    numerator: np.ndarray  # bool [levels], within the population
    # Levels upgrades into the goal may come from (None: every level below it).
    sources: np.ndarray | None = None

    def parts(self, stock: np.ndarray) -> tuple[float, float]:
        """(numerator, denominator) of `stock` [sectors, levels, genders]."""
        chosen = stock[self.sectors][:, :, self.genders]
        return float(chosen[:, self.numerator].sum()), float(chosen[:, self.population].sum())

    def measure(self, stock: np.ndarray) -> float | None:
        num, den = self.parts(stock)
        if not self.share:
            return num
        return 100.0 * num / den if den > 0 else None

    def slack(self, stock: np.ndarray) -> float:
        """≥ 0 when `stock` meets an increasing goal; linear in the stock."""
        num, den = self.parts(stock)
        if self.share:
            return num - self.value / 100.0 * den - (1e-9 if self.comparator == ">" else 0.0)
        return num - self.value - (1e-9 if self.comparator == ">" else 0.0)

    def met(self, stock: np.ndarray) -> bool:
        value = self.measure(stock)
        if value is None:
            return False
        tolerance = 1e-6
        if self.comparator in ("<=",):
            return value <= self.value + tolerance
        if self.comparator == "<":
            return value < self.value
        if self.comparator == ">":
            return value > self.value - tolerance
        return value >= self.value - tolerance


@dataclass
class Lever:
    goal: str
    kind: str  # "upgrade" or "hire"
    to_level: int
    # [sectors, levels]: the share of each (sector, from level) in a year's people; for
    # hires only the column of `to_level` is used.
    weights: np.ndarray
    last_step: int
    size: float = 0.0  # people a year

    @property
    def from_levels(self) -> list[int]:
        return np.nonzero(self.weights.sum(axis=0))[0].tolist() if self.kind == "upgrade" else []

    def as_extra(self, template: Extra, size: float = 1.0) -> Extra:
        out = Extra(np.zeros_like(template.hires), np.zeros_like(template.upgrades))
        self.add_to(out, size)
        return out

    def add_to(self, extra: Extra, size: float) -> None:
        steps = slice(1, self.last_step + 1)
        if self.kind == "hire":
            extra.hires[steps, :, self.to_level] += size * self.weights[:, self.to_level]
        else:
            extra.upgrades[steps, :, :, self.to_level] += size * self.weights


@dataclass
class Solution:
    levers: list[Lever]
    extra: Extra
    grouped: Grouped  # the re-run with the solution
    met: dict[str, bool] = field(default_factory=dict)
    reasons: dict[str, str] = field(default_factory=dict)  # goal key → why it has no lever


def step_of(prepared: Prepared, year: int) -> int:
    """The step whose end falls in `year` (the start is step 0)."""
    return year - prepared.options.start.year


def stock_at(grouped: Grouped, step: int) -> np.ndarray:
    return grouped.figure("stock")[step]


def _lever(goal: Goal, base: Grouped, prepared: Prepared, kind: str) -> Lever | None:
    start = stock_at(base, 0)[:, :, goal.genders].sum(axis=2)  # [sectors, levels]
    counted = np.nonzero(goal.numerator & goal.population)[0]
    last = step_of(prepared, goal.year)
    if not len(counted) or last < 1:
        return None
    to = int(counted[0])
    weights = np.zeros_like(start)
    if kind == "hire":
        held = start[:, goal.population].sum(axis=1) * goal.sectors
        weights[:, to] = held if held.sum() > 0 else goal.sectors.astype(float)
    else:
        # Every level below it the population holds, in proportion to its people: a
        # share of graduates needs the college and the intermediate staff trained.
        below = goal.population & ~goal.numerator & (np.arange(len(goal.population)) < to)
        if goal.sources is not None:
            below &= goal.sources
        weights = start * goal.sectors[:, None] * below[None, :]
    if weights.sum() <= 0:
        return None
    return Lever(goal.key, kind, to, weights / weights.sum(), last)


def solve(prepared: Prepared, rates: Rates, goals: list[Goal]) -> Solution:
    """The smallest yearly levers meeting every increasing goal (see the module)."""
    c = prepared.cohorts
    n_steps = len(prepared.options.dates())
    template = Extra.zeros(n_steps, len(c.sectors), len(c.levels))
    base = simulate(prepared, rates, stock_only=True)
    reasons: dict[str, str] = {}
    active = []
    for goal in goals:
        step = step_of(prepared, goal.year)
        if goal.comparator not in INCREASING:
            reasons[goal.key] = "cap"
        elif not 1 <= step < n_steps:
            reasons[goal.key] = "past"
        else:
            # Met by the baseline or not, a goal keeps its lever: others' levers may
            # take it below (hiring bachelors lowers the share of masters).
            active.append(goal)
    kinds = {goal.key: "upgrade" for goal in active}
    levers: list[Lever] = []
    extra = template
    grouped = base
    for _ in range(ROUNDS):
        levers = []
        for goal in active:
            lever = _lever(goal, base, prepared, kinds[goal.key])
            if lever is None and kinds[goal.key] == "upgrade":
                kinds[goal.key] = "hire"
                lever = _lever(goal, base, prepared, "hire")
            if lever is not None:
                levers.append(lever)
        effect = _size(prepared, rates, base, template, active, levers)
        for _ in range(CORRECTIONS):
            extra = Extra(np.zeros_like(template.hires), np.zeros_like(template.upgrades))
            for lever in levers:
                lever.add_to(extra, lever.size)
            grouped = simulate(prepared, rates, extra, stock_only=True)
            short = [g for g in active if not g.met(stock_at(grouped, step_of(prepared, g.year)))]
            # Upgrades that thin their source do a little less than their linear effect:
            # the short goal's lever goes up by what the model says is missing.
            for goal in short:
                j = next((j for j, lever in enumerate(levers) if lever.goal == goal.key), None)
                if j is not None and effect[goal.key] > 1e-12:
                    missing = -goal.slack(stock_at(grouped, step_of(prepared, goal.year)))
                    levers[j].size += max(missing, 0.0) / effect[goal.key] * 1.02 + 1e-9
            if not short:
                break
        switch = [g for g in short if kinds[g.key] == "upgrade"]
        if not switch:
            if not short:
                extra, grouped = _tighten(prepared, rates, active, levers, template)
            break
        for goal in switch:
            kinds[goal.key] = "hire"
    met = {g.key: g.met(stock_at(grouped, step_of(prepared, g.year)))
           for g in goals if 1 <= step_of(prepared, g.year) < n_steps}  # fmt: skip
    sized = {lever.goal: lever.size for lever in levers}
    for goal in active:
        if met[goal.key]:
            if not sized.get(goal.key) and goal.met(stock_at(base, step_of(prepared, goal.year))):
                reasons[goal.key] = "met"
        elif goal.key not in sized:
            reasons[goal.key] = "no_lever"
        else:
            # Hires bring the sector's usual hires of every level with them (the hire rate
            # is per person of the sector), so a share near 100% may be out of reach.
            reasons[goal.key] = "unreachable"
    return Solution(levers=levers, extra=extra, grouped=grouped, met=met, reasons=reasons)


def _size(prepared: Prepared, rates: Rates, base: Grouped, template: Extra, goals: list[Goal],
          levers: list[Lever]) -> dict[str, float]:  # fmt: skip
    """Each lever's people a year: one run per lever gives its effect on every goal's
    slack; then each short goal raises its own lever just enough, in turn, until none is
    short. Returns each goal's own lever's effect on it."""
    if not levers:
        return {}
    by_goal = {lever.goal: i for i, lever in enumerate(levers)}
    chosen = [g for g in goals if g.key in by_goal]
    steps = [step_of(prepared, g.year) for g in chosen]
    slack0 = np.array([g.slack(stock_at(base, k)) for g, k in zip(chosen, steps, strict=True)])
    effect = np.zeros((len(chosen), len(levers)))
    for j, lever in enumerate(levers):
        response = simulate(prepared, rates, lever.as_extra(template), stock_only=True).figure(
            "stock"
        )
        delta = response - base.figure("stock")
        for i, (goal, k) in enumerate(zip(chosen, steps, strict=True)):
            # Slack is affine: its change is the slack of the change without the constant.
            effect[i, j] = goal.slack(delta[k]) - _constant(goal)
    size = np.zeros(len(levers))
    for _ in range(200):
        changed = False
        for i, goal in enumerate(chosen):
            j = by_goal[goal.key]
            short = -(slack0[i] + effect[i] @ size)
            if short > 1e-9 and effect[i, j] > 1e-12:
                size[j] += short / effect[i, j] * (1 + 1e-9)
                changed = True
        if not changed:
            break
    # A lever raised for its own goal may have done part of another's work: take back,
    # lever by lever, whatever every goal can spare.
    for j in range(len(levers)):
        slack = slack0 + effect @ size
        helped = effect[:, j] > 1e-12
        spare = np.min(slack[helped] / effect[helped, j]) if helped.any() else size[j]
        size[j] -= min(max(spare, 0.0), size[j]) * (1 - 1e-6)
    for lever, value in zip(levers, size, strict=True):
        lever.size = float(value)
    return {goal.key: float(effect[i, by_goal[goal.key]]) for i, goal in enumerate(chosen)}


def _tighten(prepared: Prepared, rates: Rates, goals: list[Goal], levers: list[Lever],
             template: Extra) -> tuple[Extra, Grouped]:  # fmt: skip
    """Each lever, in turn, lowered by bisection on the model itself as far as every goal
    still holds: the linear sizes are exact for hires but upgrades that thin their source
    are not, so the last word is the model's."""

    def attempt(sizes: list[float]) -> tuple[Extra, Grouped, bool]:
        extra = Extra(np.zeros_like(template.hires), np.zeros_like(template.upgrades))
        for lever, size in zip(levers, sizes, strict=True):
            lever.add_to(extra, size)
        grouped = simulate(prepared, rates, extra, stock_only=True)
        ok = all(g.met(stock_at(grouped, step_of(prepared, g.year))) for g in goals)
        return extra, grouped, ok

    sizes = [lever.size for lever in levers]
    best = attempt(sizes)
    for j in range(len(levers)):
        low, high = 0.0, sizes[j]
        if high <= 0:
            continue
        # Usually the linear size is already within the tolerance: one run says so.
        trial = attempt([*sizes[:j], high * (1 - TOLERANCE), *sizes[j + 1 :]])
        if not trial[2]:
            continue
        high, best = high * (1 - TOLERANCE), trial
        for _ in range(TIGHTEN_STEPS):
            middle = (low + high) / 2
            trial = attempt([*sizes[:j], middle, *sizes[j + 1 :]])
            if trial[2]:
                high, best = middle, trial
            else:
                low = middle
        sizes[j] = high
    for lever, size in zip(levers, sizes, strict=True):
        lever.size = size
    return best[0], best[1]


def _constant(goal: Goal) -> float:
    """The slack of an empty stock: the constant term of the affine slack."""
    return (
        -goal.value - (1e-9 if goal.comparator == ">" else 0.0)
        if not goal.share
        else (-(1e-9 if goal.comparator == ">" else 0.0))
    )
