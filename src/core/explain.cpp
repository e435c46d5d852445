#include "thomas/explain.h"

#include <algorithm>

namespace thomas {
namespace {

// Collect the criteria and pain words a matched condition relied on (through finding
// references too). Under `any`, a criterion test that did not hold is not a reason, so only
// tests that held are kept; under `not`, the tests that failed are the reason, so all are.
void collect(const RuleSet& rules, const Condition& c, const Measurements& m, const Assessment& a,
             bool negated, FindingReason& out) {
    switch (c.kind) {
        case Condition::Kind::criterion:
            if (!negated && !c.statuses.contains(a.criteria[c.index].status)) {
                break;
            }
            if (std::find(out.criteria.begin(), out.criteria.end(), c.index) ==
                out.criteria.end()) {
                out.criteria.push_back(c.index);
            }
            break;
        case Condition::Kind::pain:
            if (m.pain) {
                for (std::size_t p = 0; p < k_pain_count; ++p) {
                    const auto pain = static_cast<Pain>(p);
                    if (c.pains.contains(pain) && m.pain->contains(pain)) {
                        out.pains.insert(pain);
                    }
                }
            }
            break;
        case Condition::Kind::red_flag:
            if (m.red_flags) {
                out.red_flags.insert(
                    RedFlagSet::from_bits(m.red_flags->bits() & c.red_flags.bits()));
            }
            break;
        case Condition::Kind::finding:
            collect(rules, rules.findings[c.index].when, m, a, negated, out);
            break;
        default:
            for (const auto& child : c.children) {
                collect(rules, child, m, a, negated || c.kind == Condition::Kind::negate, out);
            }
            break;
    }
}

}  // namespace

Explanation explain(const RuleSet& rules, const Measurements& m, const Assessment& a) {
    Explanation e;
    for (std::size_t index : a.findings) {
        FindingReason r;
        r.finding = index;
        collect(rules, rules.findings[index].when, m, a, false, r);
        e.findings.push_back(std::move(r));
    }
    e.step_row = a.next_step_row;
    return e;
}

}  // namespace thomas
