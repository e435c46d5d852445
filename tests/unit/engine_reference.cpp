// See engine_reference.h. The tree walk below is the engine as it was before Scorer.
#include "engine_reference.h"

#include <algorithm>

namespace thomas::reference {
namespace {

// Written from the contract rather than copied from the engine: the bands tile the plausible
// range sorted by min, so a value's band is the last one that starts at or below it (which
// also gives the last band its upper bound).
Status status_of(const Criterion& c, double value, const Band** band) {
    if (c.boolean) {
        return (value != 0.0) == c.pass_when ? Status::pass : Status::fail;
    }
    for (const Band& b : c.bands) {
        if (b.min <= value) {
            *band = &b;
        }
    }
    return *band != nullptr ? (*band)->status : Status::not_measured;
}

struct Context {
    const Assessment& a;
    const Measurements& m;
    const std::vector<unsigned char>& finding_matched;  // not vector<bool>: bit access costs
    // The patient's legs for `patient:` conditions: both legs of a pair, or this leg alone.
    std::vector<const Context*> legs;
    Result patient_result = Result::negative;
    const std::vector<int>* plan = nullptr;  // the plan being built (decision rows)
    StepMask done;                           // the steps done, as the decision counts them
};

bool holds(const Condition& c, const Context& ctx);

// `patient:` written as its definition reads: a fact holds for the patient when it holds on
// either leg; all / any / not combine those patient facts; the result is the most urgent one.
bool holds_for_patient(const Condition& c, const Context& ctx) {
    switch (c.kind) {
        case Condition::Kind::all:
            return std::all_of(c.children.begin(), c.children.end(),
                               [&](const Condition& k) { return holds_for_patient(k, ctx); });
        case Condition::Kind::any:
            return std::any_of(c.children.begin(), c.children.end(),
                               [&](const Condition& k) { return holds_for_patient(k, ctx); });
        case Condition::Kind::negate:
            return !holds_for_patient(c.children.front(), ctx);
        case Condition::Kind::result:
            return c.results.contains(ctx.patient_result);
        case Condition::Kind::patient:
            return holds_for_patient(c.children.front(), ctx);
        case Condition::Kind::plan_done:
            return std::all_of(ctx.plan->begin(), ctx.plan->end(),
                               [&](int step) { return ctx.done.contains(step); });
        default:
            return std::any_of(ctx.legs.begin(), ctx.legs.end(),
                               [&](const Context* leg) { return holds(c, *leg); });
    }
}

// Most conditions are criterion leaves: test them without a recursive call (batch hot path).
inline bool holds_fast(const Condition& c, const Context& ctx) {
    if (c.kind == Condition::Kind::criterion) {
        return c.statuses.contains(ctx.a.criteria[c.index].status);
    }
    return holds(c, ctx);
}

bool holds(const Condition& c, const Context& ctx) {
    switch (c.kind) {
        case Condition::Kind::all:
            for (const auto& child : c.children) {
                if (!holds_fast(child, ctx)) {
                    return false;
                }
            }
            return true;
        case Condition::Kind::any:
            for (const auto& child : c.children) {
                if (holds_fast(child, ctx)) {
                    return true;
                }
            }
            return false;
        case Condition::Kind::negate:
            return !holds(c.children.front(), ctx);
        case Condition::Kind::criterion:
            return c.statuses.contains(ctx.a.criteria[c.index].status);
        case Condition::Kind::pain:
            return ctx.m.pain && ctx.m.pain->intersects(c.pains);
        case Condition::Kind::red_flag:
            return ctx.m.red_flags && ctx.m.red_flags->intersects(c.red_flags);
        case Condition::Kind::finding:
            return ctx.finding_matched[c.index] != 0;
        case Condition::Kind::result:
            return c.results.contains(ctx.a.result);
        case Condition::Kind::persists:
            return ctx.m.persists;
        case Condition::Kind::value: {
            // Written out, not shared with the engine: the value, or the difference of two.
            const auto& v = ctx.m[c.measure];
            if (!v || (c.minus && !ctx.m[*c.minus])) {
                return false;
            }
            const double x = c.minus ? *v - *ctx.m[*c.minus] : *v;
            return (c.above && x > *c.above) || (c.below && x < *c.below);
        }
        case Condition::Kind::change: {
            const auto& change = ctx.m.change[static_cast<std::size_t>(c.measure)];
            return change.has_value() && c.changes.contains(*change);
        }
        case Condition::Kind::patient:
            return holds_for_patient(c.children.front(), ctx);
        case Condition::Kind::plan_done:  // no planned step that is not done
            return std::all_of(ctx.plan->begin(), ctx.plan->end(),
                               [&](int step) { return ctx.done.contains(step); });
    }
    return false;
}

struct Leg {
    Assessment a;
    std::vector<unsigned char> matched;
};

void evaluate(const RuleSet& rules, const Measurements& m, Leg& leg) {
    Assessment& a = leg.a;
    a.side = m.side;
    a.criteria.resize(rules.criteria.size());
    for (std::size_t i = 0; i < rules.criteria.size(); ++i) {
        const Criterion& c = rules.criteria[i];
        CriterionOutcome& out = a.criteria[i];
        out = {};
        out.criterion = i;
        out.measured = m[c.measure];
        if (c.minus) {
            // A derived value needs both readings; one alone says nothing about the pair.
            const auto& sub = m[*c.minus];
            out.measured =
                out.measured && sub ? std::optional<double>(*out.measured - *sub) : std::nullopt;
        }
        out.status = out.measured ? status_of(c, *out.measured, &out.band) : Status::not_measured;
    }

    // Findings are evaluated in order, so a finding may build on the ones before it.
    leg.matched.assign(rules.findings.size(), 0);
    const Context ctx{a, m, leg.matched, {}, Result::negative, nullptr, {}};
    TissueSet tissues;
    for (std::size_t i = 0; i < rules.findings.size(); ++i) {
        const Finding& f = rules.findings[i];
        if (!holds_fast(f.when, ctx)) {
            continue;
        }
        leg.matched[i] = 1;
        a.findings.push_back(i);
        tissues.insert(f.implicates);
        a.flags.insert(f.flags);
        // negative is the least urgent result, so a finding without one raises nothing.
        const Result raised = f.result.value_or(Result::negative);
        a.valid = a.valid && raised != Result::retest;
        a.result = std::max(a.result, raised);
    }
    // An invalid test (e.g. the low back lifted) says nothing about tissue length.
    if (a.valid) {
        a.implicated = tissues;
    }
}

// The decision table for `ctx` (whose plan pointer is `plan`); for the patient, every row's
// condition is read as a patient condition.
void decide(const RuleSet& rules, Context& ctx, bool patient, StepMask done, std::vector<int>& plan,
            std::optional<std::size_t>& next_step_row, std::vector<std::size_t>& rows,
            int& next_step) {
    ctx.done = done;
    for (std::size_t r = 0; r < rules.decision.size(); ++r) {
        const DecisionRow& row = rules.decision[r];
        if (!(patient ? holds_for_patient(row.when, ctx) : holds_fast(row.when, ctx))) {
            continue;
        }
        rows.push_back(r);
        for (int step : row.steps) {
            if (done.contains(step) && !row.even_if_done) {
                continue;
            }
            bool planned = false;
            for (int p : plan) {
                planned = planned || p == step;
            }
            if (!planned) {
                if (plan.empty()) {
                    next_step_row = r;
                }
                plan.push_back(step);
            }
        }
        if (row.final) {
            break;
        }
    }
    next_step = plan.empty() ? rules.complete_step : plan.front();
}

}  // namespace

Assessment assess(const RuleSet& rules, const Measurements& m) {
    Leg leg;
    evaluate(rules, m, leg);
    Assessment& a = leg.a;
    Context ctx{a, m, leg.matched, {}, a.result, &a.plan, {}};
    ctx.legs = {&ctx};
    decide(rules, ctx, false, m.done, a.plan, a.next_step_row, a.rows, a.next_step);
    return a;
}

PairAssessment assess_pair(const RuleSet& rules, const Measurements& left,
                           const Measurements& right) {
    Leg l;
    Leg r;
    evaluate(rules, left, l);
    evaluate(rules, right, r);
    PairAssessment out;
    PatientAssessment& p = out.patient;
    p.result = std::max(l.a.result, r.a.result);
    Context lc{l.a, left, l.matched, {}, p.result, &l.a.plan, {}};
    Context rc{r.a, right, r.matched, {}, p.result, &r.a.plan, {}};
    lc.legs = rc.legs = {&lc, &rc};
    // A patient-level step counts as done on a leg only when it is done on both legs.
    const auto leg_done = [&](StepMask done) {
        StepMask kept;
        for (int step = 1; step <= k_step_count; ++step) {
            const bool patient_step = rules.step(step).patient;
            if (done.contains(step) &&
                (!patient_step || (left.done.contains(step) && right.done.contains(step)))) {
                kept.insert(step);
            }
        }
        return kept;
    };
    decide(rules, lc, false, leg_done(left.done), l.a.plan, l.a.next_step_row, l.a.rows,
           l.a.next_step);
    decide(rules, rc, false, leg_done(right.done), r.a.plan, r.a.next_step_row, r.a.rows,
           r.a.next_step);
    for (const Assessment* a : {&l.a, &r.a}) {
        p.implicated.insert(a->implicated);
        p.flags.insert(a->flags);
    }
    Assessment unused;
    std::vector<unsigned char> no_findings;
    Context pc{unused, left, no_findings, {&lc, &rc}, p.result, &p.plan, {}};
    const auto both_done = StepMask::from_bits(left.done.bits() & right.done.bits());
    decide(rules, pc, true, both_done, p.plan, p.next_step_row, p.rows, p.next_step);
    out.left = std::move(l.a);
    out.right = std::move(r.a);
    return out;
}

}  // namespace thomas::reference
