// The rule engine: turns one leg's measurements into an assessment under a rule set.
// Pure computation: no I/O, no printing. Scorer::assess_into allocates nothing once `out` has
// grown, as long as 4 bits per criterion plus 1 per finding and per `value` condition fit in
// 192 bits (the shipped rule sets use about 60); a larger rule set takes a small vector per call.
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

// Both legs of one patient. Each leg keeps its own assessment; the patient gets one verdict:
// the most urgent result, every flag and tissue of either leg, and a plan built by the decision
// table over the facts of either leg (a criterion status, pain word, finding or result on one
// leg holds for the patient). Decision rows see the patient through `patient:` conditions, so
// a rule set can put ruling out pathology on one leg first for both.
struct PatientAssessment {
    Result result = Result::negative;
    TissueSet implicated;
    FlagSet flags;
    std::vector<int> plan;  // steps still to do for the patient, in order
    int next_step = 1;
    std::optional<std::size_t> next_step_row;  // decision row that chose it; nullopt = plan done
    std::vector<std::size_t> rows;             // decision rows that matched, in order
};

struct PairAssessment {
    Assessment left;
    Assessment right;
    PatientAssessment patient;
};

// The reason printed with a next step: its decision row's `why`, or the rule set's `complete`
// text when every planned step is done.
const std::string& next_step_why(const RuleSet& rules, std::optional<std::size_t> row);

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
// A leg scored alone is its own patient: `patient:` conditions see that leg.
Assessment assess(const RuleSet& rules, const Measurements& m);
void assess_into(const RuleSet& rules, const Measurements& m, Assessment& out);  // reuses `out`

// Score both legs of one patient (see PatientAssessment). Same assumptions as assess(). A step
// counts as done for the patient only when it is done on both legs, and so does a step the rule
// set marks `patient: true` for each leg; `persists` on either leg counts for the patient.
PairAssessment assess_pair(const RuleSet& rules, const Measurements& left,
                           const Measurements& right);

// A rule set prepared once for scoring many records (what `batch` does); assess() builds one per
// call. Each condition is compiled into tests of a bit mask against a few 64-bit words that hold
// the record's facts (criterion statuses, pain and red-flag words, `value` conditions, findings
// matched so far, result so far, persists, whether a step is planned yet), once for the leg and
// once for the patient, so scoring a record costs a handful of mask tests instead of a walk over
// condition trees. Keeps a reference to `rules`, which must outlive it. Scoring is const and
// thread-safe.
class ScoreMemo;
class Scorer {
public:
    explicit Scorer(const RuleSet& rules);
    // Same contract as assess_into(rules, m, out): assumes check_ranges passed.
    void assess_into(const Measurements& m, Assessment& out) const;
    // The same, with the findings and the decision table looked up in `memo` when a record
    // with the same facts was scored before (see ScoreMemo): the same `out`, bit for bit.
    void assess_into(const Measurements& m, Assessment& out, ScoreMemo& memo) const;
    // Same contract as assess_pair(rules, left, right).
    void assess_pair_into(const Measurements& left, const Measurements& right,
                          PairAssessment& out) const;
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

    // A `value` condition, computed per record into its own bit before the findings.
    struct ValueTest {
        const Condition* condition = nullptr;
        Bit at;
    };
    // A record's facts: the leg's words, then the patient's (for a leg alone, a copy of its own).
    struct State;

    void place_values(const Condition& c, std::size_t& next);
    Node compile(const Condition& c, std::uint32_t offset);
    std::uint32_t add_root(const Condition& c);
    Node leaf(Bit at, std::uint64_t bits, std::uint32_t offset) const;
    bool holds(const Node& n, const std::uint64_t* state) const;
    bool combine(const Node& n, const std::uint64_t* state) const;
    // Criteria and findings of one leg into the first words_ words of `state`: facts(), then
    // conclude().
    void evaluate(const Measurements& m, Assessment& a, std::uint64_t* state) const;
    // The facts read from the record: criterion statuses, pain, red flags, persists, `value`
    // and change conditions. Everything conclude() and decide() read besides the steps done.
    void facts(const Measurements& m, Assessment& a, std::uint64_t* state) const;
    // The findings over the facts: result, validity, tissues, flags.
    void conclude(Assessment& a, std::uint64_t* state) const;
    // The decision table over `state` (leg words, then patient words): plan, next step, rows.
    void decide(std::uint64_t* state, StepMask done, std::vector<int>& plan,
                std::optional<std::size_t>& next_step_row, std::vector<std::size_t>& rows,
                int& next_step) const;

    const RuleSet* rules_;
    std::vector<Node> nodes_;
    std::vector<std::uint32_t> finding_roots_;   // index into nodes_, one per finding
    std::vector<std::uint32_t> decision_roots_;  // one per decision row
    std::vector<Bit> criterion_bits_;            // 4 bits each, one per Status
    std::vector<Bit> finding_bits_;
    std::vector<ValueTest> value_tests_;
    StepMask patient_steps_;  // programme steps marked `patient: true`
    std::size_t words_ = 1;   // words of one leg's facts; the state holds twice as many
    std::uint64_t id_ = 0;    // tells a ScoreMemo which Scorer filled it
};

// What the findings and the decision table made of each combination of a leg's facts (its
// criterion statuses, pain and red-flag words, `value` and change conditions, persists, steps
// done) seen so far. A clinic's records take few such combinations, and the findings and the
// decision table are most of the work of scoring one: `batch` and `progress` keep one memo per
// thread. Bounded: a fixed number of slots (their lists allocate as they first fill), and a new
// combination takes over its slot. Used with another Scorer, it starts afresh. Not thread-safe:
// one per thread.
class ScoreMemo {
public:
    ScoreMemo();
    ~ScoreMemo();
    ScoreMemo(ScoreMemo&&) noexcept;
    ScoreMemo& operator=(ScoreMemo&&) noexcept;

private:
    friend class Scorer;
    struct Entry;
    std::uint64_t scorer_ = 0;  // the id of the Scorer whose conclusions it holds
    std::vector<Entry> slots_;
};

// Left-right comparison of each declared angle measure measured on both legs, then of each
// derived criterion with an `asymmetry` (e.g. knee flexion minus thigh angle).
struct AsymmetryItem {
    Measure measure{};
    std::optional<Measure> minus;          // a derived value: measure - minus
    std::optional<std::size_t> criterion;  // the derived criterion it belongs to
    double left = 0;
    double right = 0;
    double difference = 0;            // left - right
    bool notable = false;             // |difference| >= the rule set's asymmetry note threshold
    std::optional<double> threshold;  // that threshold, if the rule set gives one
};
std::vector<AsymmetryItem> compare_sides(const RuleSet& rules, const Measurements& left,
                                         const Measurements& right);

}  // namespace thomas
