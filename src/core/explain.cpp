#include "thomas/explain.h"

#include <algorithm>

namespace thomas {
namespace {

// Collect the criteria and pain words a condition looks at (through finding references too).
void collect(const RuleSet& rules, const Condition& c, const Measurements& m, FindingReason& out) {
    switch (c.kind) {
        case Condition::Kind::criterion:
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
        case Condition::Kind::finding:
            collect(rules, rules.findings[c.index].when, m, out);
            break;
        default:
            for (const auto& child : c.children) {
                collect(rules, child, m, out);
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
        collect(rules, rules.findings[index].when, m, r);
        e.findings.push_back(std::move(r));
    }
    e.step_row = a.next_step_row;
    return e;
}

}  // namespace thomas
