// The rule engine: turns one leg's measurements into an assessment under a rule set.
// Pure computation: no I/O, no printing. Scorer::assess_into allocates nothing once `out` has
// grown, as long as 4 bits per criterion plus 1 per finding fit in 192 bits (the shipped rule
// sets use about 40); a larger rule set takes a small vector per call.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "thomas/ids.h"
#include "thomas/measurements.h"
#include "thomas/ruleset.h"

namespace thomas {

struct CriterionOutcome {
    std::size_t criterion = 0;  // index into RuleSet::criteria
    Status status = Status::not_measured;
    std::optional<double> measured;
    const Band* band = nullptr;  // numeric criteria: the band the value fell in
};

struct Assessment {
    std::optional<Side> side;
    Result result = Result::negative;
    TissueSet implicated;
    FlagSet flags;
    bool valid = true;  // false when a finding raised `retest`: tissues are then not interpreted
    std::vector<CriterionOutcome> criteria;  // one per criterion, in rule-set order
    std::vector<std::size_t> findings;       // indices of the findings that matched, in order
    std::vector<int> plan;                   // steps still to do, in order
    int next_step = 1;
    std::optional<std::size_t> next_step_row;  // decision row that chose it; nullopt = plan done
    std::vector<std::size_t> rows;             // decision rows that matched, in order
};

// Reject values outside the plausible range the rule set declares (never clamped), and
// values for measures the rule set does not declare. Throws InputError naming the field,
// the value and the accepted range.
void check_ranges(const RuleSet& rules, const Measurements& m);

// The same check for one value; `knee_as_interior` words the message for a knee angle that
// was entered as the interior angle (it is still checked as flexion).
void check_range(const RuleSet& rules, Measure measure, double value,
                 bool knee_as_interior = false);

// Score one leg. Assumes check_ranges passed. Never throws (except std::bad_alloc). Each call
// builds a Scorer: to score many records under one rule set, build one Scorer and reuse it.
Assessment assess(const RuleSet& rules, const Measurements& m);
void assess_into(const RuleSet& rules, const Measurements& m, Assessment& out);  // reuses `out`

// A rule set prepared once for scoring many records (what `batch` does); assess() builds one per
// call. Each condition is compiled into tests of a bit mask against a few 64-bit words that hold
// the record's facts (criterion statuses, pain words, findings matched so far, result so far,
// persists), so scoring a record costs a handful of mask tests instead of a walk over condition
// trees. Keeps a reference to `rules`, which must outlive it. Scoring is const and thread-safe.
class Scorer {
public:
    explicit Scorer(const RuleSet& rules);
    // Same contract as assess_into(rules, m, out): assumes check_ranges passed.
    void assess_into(const Measurements& m, Assessment& out) const;
    const RuleSet& rules() const { return *rules_; }

private:
    // A leaf holds when (state[word] & mask) != 0; an all/any node combines the `count` nodes
    // stored from `first` on. `negate` flips the outcome of either.
    struct Node {
        enum class Kind : std::uint8_t { leaf, all, any };
        Kind kind = Kind::leaf;
        bool negate = false;
        std::uint32_t word = 0;
        std::uint64_t mask = 0;
        std::uint32_t first = 0;
        std::uint32_t count = 0;
    };
    struct Bit {
        std::uint32_t word = 0;
        unsigned shift = 0;
    };

    Node compile(const Condition& c);
    std::uint32_t add_root(const Condition& c);
    Node leaf(Bit at, std::uint64_t bits) const;
    bool holds(const Node& n, const std::uint64_t* state) const;
    bool combine(const Node& n, const std::uint64_t* state) const;

    const RuleSet* rules_;
    std::vector<Node> nodes_;
    std::vector<std::uint32_t> finding_roots_;   // index into nodes_, one per finding
    std::vector<std::uint32_t> decision_roots_;  // one per decision row
    std::vector<Bit> criterion_bits_;            // 4 bits each, one per Status
    std::vector<Bit> finding_bits_;
    std::size_t words_ = 1;
};

// Left-right comparison of each declared angle measure measured on both legs.
struct AsymmetryItem {
    Measure measure{};
    double left = 0;
    double right = 0;
    double difference = 0;  // left - right
    bool notable = false;   // |difference| >= the rule set's asymmetry note threshold
};
std::vector<AsymmetryItem> compare_sides(const RuleSet& rules, const Measurements& left,
                                         const Measurements& right);

}  // namespace thomas
