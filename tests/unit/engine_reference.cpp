// See engine_reference.h. The tree walk below is the engine as it was before Scorer.
#include "engine_reference.h"

namespace thomas::reference {
namespace {

Status status_of(const Criterion& c, double value, const Band** band) {
    if (c.boolean) {
        return ((value != 0.0) == c.pass_when) ? Status::pass : Status::fail;
    }
    // Bands tile the plausible range (the loader checks this), sorted by min; the last band
    // also owns its upper bound.
    for (std::size_t i = 0; i < c.bands.size(); ++i) {
        const Band& b = c.bands[i];
        if (value >= b.min && (value < b.max || i + 1 == c.bands.size())) {
            *band = &b;
            return b.status;
        }
    }
    return Status::not_measured;  // unreachable after check_ranges
}

struct Context {
    const Assessment& a;
    const Measurements& m;
    const std::vector<unsigned char>& finding_matched;  // not vector<bool>: bit access costs
};

bool holds(const Condition& c, const Context& ctx);

// Most conditions are criterion leaves: test them without a recursive call (batch hot path).
inline bool holds_fast(const Condition& c, const Context& ctx) {
    if (c.kind == Condition::Kind::criterion) {
        return c.statuses[static_cast<std::size_t>(ctx.a.criteria[c.index].status)];
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
            return c.statuses[static_cast<std::size_t>(ctx.a.criteria[c.index].status)];
        case Condition::Kind::pain:
            return ctx.m.pain && ctx.m.pain->intersects(c.pains);
        case Condition::Kind::finding:
            return ctx.finding_matched[c.index] != 0;
        case Condition::Kind::result:
            return c.results[static_cast<std::size_t>(ctx.a.result)];
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
        case Condition::Kind::patient:  // a leg scored alone is its own patient
            return holds(c.children.front(), ctx);
        case Condition::Kind::plan_done:
            return ctx.a.plan.empty();
    }
    return false;
}

}  // namespace

Assessment assess(const RuleSet& rules, const Measurements& m) {
    Assessment a;
    a.side = m.side;
    a.result = Result::negative;
    a.implicated = {};
    a.flags = {};
    a.valid = true;
    a.criteria.resize(rules.criteria.size());
    a.findings.clear();
    a.plan.clear();
    a.rows.clear();
    a.next_step_row.reset();

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
    thread_local std::vector<unsigned char> matched;
    matched.assign(rules.findings.size(), 0);
    const Context ctx{a, m, matched};
    TissueSet tissues;
    for (std::size_t i = 0; i < rules.findings.size(); ++i) {
        const Finding& f = rules.findings[i];
        if (!holds_fast(f.when, ctx)) {
            continue;
        }
        matched[i] = 1;
        a.findings.push_back(i);
        tissues.insert(f.implicates);
        a.flags.insert(f.flags);
        if (f.result) {
            if (*f.result == Result::retest) {
                a.valid = false;
            }
            if (*f.result > a.result) {
                a.result = *f.result;
            }
        }
    }
    // An invalid test (e.g. the low back lifted) says nothing about tissue length.
    if (a.valid) {
        a.implicated = tissues;
    }

    for (std::size_t r = 0; r < rules.decision.size(); ++r) {
        const DecisionRow& row = rules.decision[r];
        if (!holds_fast(row.when, ctx)) {
            continue;
        }
        a.rows.push_back(r);
        for (int step : row.steps) {
            if (m.done.contains(step) && !row.even_if_done) {
                continue;
            }
            bool planned = false;
            for (int p : a.plan) {
                planned = planned || p == step;
            }
            if (!planned) {
                if (a.plan.empty()) {
                    a.next_step_row = r;
                }
                a.plan.push_back(step);
            }
        }
        if (row.final) {
            break;
        }
    }
    a.next_step = a.plan.empty() ? rules.complete_step : a.plan.front();
    return a;
}

}  // namespace thomas::reference
