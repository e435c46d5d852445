// The engine evaluates a rule set in three passes: criteria (value -> band status),
// findings (conditions -> result, tissues, flags), decision rows (-> plan, next step).
// It holds no clinical knowledge of its own; every number and rule comes from RuleSet.
//
// Conditions are compiled once per Scorer into bit-mask tests (see engine.h): walking the
// condition trees per record cost about half of the engine's time on the batch benchmark, most
// of it in mispredicted branches of the per-node switch.
#include "thomas/engine.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cmath>
#include <cstdint>

#include "thomas/fields.h"
#include "thomas/number_text.h"

namespace thomas {
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

// The layout of a record's facts in Scorer's state words (bit positions, not clinical values).
// Word 0: the result so far one-hot in bits 0-4, persists in bit 5, "no step planned yet" in
// bit 6 (decision rows only), the red-flag words in bits 8-31, the pain words in bits 32-63 (all 32
// bits of a PainSet, so even a set built from stray bits tests as the tree walk did). From word 1:
// 4 bits per criterion (its Status, one-hot; 4-aligned so none straddles a word), then one bit per
// finding matched so far, then one bit per `value` or change condition. The state holds these words
// twice: the leg's, then the patient's (the OR of both legs' words, with the result one-hot again),
// which `patient:` conditions read.
constexpr unsigned k_result_shift = 0;
constexpr std::uint64_t k_result_mask = (std::uint64_t{1} << k_result_count) - 1;
constexpr unsigned k_persists_shift = 5;
constexpr unsigned k_plan_empty_shift = 6;
constexpr unsigned k_red_flag_shift = 8;  // bits 8-31: the red-flag words
constexpr std::uint64_t k_red_flag_mask = 0xffffff;
constexpr unsigned k_pain_shift = 32;
constexpr std::size_t k_first_criterion_bit = 64;
constexpr std::uint64_t k_status_mask = (std::uint64_t{1} << k_status_count) - 1;
static_assert(k_result_count <= k_persists_shift && 64 % k_status_count == 0 &&
              sizeof(PainSet().bits()) * 8 <= 64 - k_pain_shift && k_red_flag_count <= 24 &&
              k_red_flag_shift > k_plan_empty_shift);

// A reading, or the difference of two (`minus`); nothing when either is missing, since one
// reading alone says nothing about the pair.
std::optional<double> value_of(const Measurements& m, Measure measure,
                               std::optional<Measure> minus) {
    const auto& v = m[measure];
    if (!minus || !v) {
        return v;
    }
    const auto& sub = m[*minus];
    return sub ? std::optional<double>(*v - *sub) : std::nullopt;
}

// value_of without an optional in between, for the per-record loops: an optional<double>
// returned through memory and copied again cost a store-forwarding stall per criterion.
bool value_into(const Measurements& m, Measure measure, std::optional<Measure> minus, double& out) {
    const auto& v = m[measure];
    if (!v) {
        return false;
    }
    if (!minus) {
        out = *v;
        return true;
    }
    const auto& sub = m[*minus];
    if (!sub) {
        return false;
    }
    out = *v - *sub;
    return true;
}

std::uint64_t one_bit(unsigned shift) {
    return std::uint64_t{1} << shift;
}

std::string format_value(double v) {
    return number_string(v);
}

}  // namespace

void check_range(const RuleSet& rules, Measure measure, double value, bool knee_as_interior) {
    const MeasureDef& def = rules.measure(measure);
    if (def.declared && value >= def.min && value <= def.max) {
        return;  // the usual case (every batch row): no message built
    }
    const auto name = std::string(to_string(measure));
    if (!def.declared) {
        throw InputError(name, fmt::format("rule set \"{}\" does not use {}; leave it out or "
                                           "choose a rule set that does",
                                           rules.name, name));
    }
    if (knee_as_interior) {
        // Name what the user typed, not only the converted value.
        throw InputError(
            std::string(spec(Field::knee_angle_interior).name),
            fmt::format("interior angle {} gives knee flexion {}, outside the "
                        "plausible range {} to {} (rule set \"{}\"); check the "
                        "value and which knee convention was measured",
                        format_value(knee_flexion_from_interior(value)), format_value(value),
                        format_value(def.min), format_value(def.max), rules.name));
    }
    throw InputError(name, fmt::format("{} {} is outside the plausible range {} to {} (rule set "
                                       "\"{}\"); check the value and its sign",
                                       name, format_value(value), format_value(def.min),
                                       format_value(def.max), rules.name));
}

void check_ranges(const RuleSet& rules, const Measurements& m) {
    for (std::size_t i = 0; i < k_measure_count; ++i) {
        if (m.values[i]) {
            const auto measure = static_cast<Measure>(i);
            check_range(rules, measure, *m.values[i],
                        measure == Measure::knee_flexion && m.knee_as_interior);
        }
    }
}

Scorer::Scorer(const RuleSet& rules) : rules_(&rules) {
    static std::atomic<std::uint64_t> scorers{0};
    id_ = ++scorers;
    std::size_t next = k_first_criterion_bit;
    const auto place = [&next](std::size_t width) {
        const Bit at{static_cast<std::uint32_t>(next / 64), static_cast<unsigned>(next % 64)};
        next += width;
        return at;
    };
    for (std::size_t i = 0; i < rules.criteria.size(); ++i) {
        criterion_bits_.push_back(place(k_status_count));
    }
    for (std::size_t i = 0; i < rules.findings.size(); ++i) {
        finding_bits_.push_back(place(1));
    }
    for (const Finding& f : rules.findings) {
        place_values(f.when, next);
    }
    for (const DecisionRow& row : rules.decision) {
        place_values(row.when, next);
    }
    words_ = (next + 63) / 64;
    for (const Step& step : rules.steps) {
        if (step.patient) {
            patient_steps_.insert(step.number);
        }
    }
    for (const Finding& f : rules.findings) {
        finding_roots_.push_back(add_root(f.when));
    }
    for (const DecisionRow& row : rules.decision) {
        decision_roots_.push_back(add_root(row.when));
    }
}

void Scorer::place_values(const Condition& c, std::size_t& next) {
    if (c.kind == Condition::Kind::value || c.kind == Condition::Kind::change) {
        value_tests_.push_back(
            {&c, {static_cast<std::uint32_t>(next / 64), static_cast<unsigned>(next % 64)}});
        ++next;
    }
    for (const Condition& child : c.children) {
        place_values(child, next);
    }
}

std::uint32_t Scorer::add_root(const Condition& c) {
    const Node root = compile(c, 0);
    nodes_.push_back(root);
    return static_cast<std::uint32_t>(nodes_.size() - 1);
}

Scorer::Node Scorer::leaf(Bit at, std::uint64_t bits, std::uint32_t offset) const {
    Node n;
    n.word = at.word + offset;
    n.mask = bits << at.shift;
    return n;
}

// Children are stored contiguously after their own descendants, so a node needs only a range.
// `offset` is 0 for the leg's words and words_ under a `patient:` condition.
Scorer::Node Scorer::compile(const Condition& c, std::uint32_t offset) {
    switch (c.kind) {
        case Condition::Kind::criterion: {
            return leaf(criterion_bits_[c.index], c.statuses.bits() & k_status_mask, offset);
        }
        case Condition::Kind::pain:
            return leaf({0, k_pain_shift}, c.pains.bits(), offset);
        case Condition::Kind::red_flag:
            return leaf({0, k_red_flag_shift}, c.red_flags.bits() & k_red_flag_mask, offset);
        case Condition::Kind::finding:
            return leaf(finding_bits_[c.index], 1, offset);
        case Condition::Kind::result:
            return leaf({0, k_result_shift}, c.results.bits() & k_result_mask, offset);
        case Condition::Kind::persists:
            return leaf({0, k_persists_shift}, 1, offset);
        case Condition::Kind::plan_done:
            return leaf({0, k_plan_empty_shift}, 1, offset);
        case Condition::Kind::value:
        case Condition::Kind::change: {
            const auto test = std::find_if(value_tests_.begin(), value_tests_.end(),
                                           [&c](const ValueTest& t) { return t.condition == &c; });
            return leaf(test->at, 1, offset);
        }
        case Condition::Kind::patient:
            return compile(c.children.front(), static_cast<std::uint32_t>(words_));
        case Condition::Kind::negate: {
            Node n = compile(c.children.front(), offset);
            n.negate = !n.negate;
            return n;
        }
        case Condition::Kind::all:
        case Condition::Kind::any:
            break;
    }
    const bool all = c.kind == Condition::Kind::all;
    std::vector<Node> children;
    for (const Condition& child : c.children) {
        const Node n = compile(child, offset);
        // any(A, B) with A and B in one word is one leaf (their masks joined); so is
        // all(not A, not B), which is not any(A, B).
        if (n.kind == Node::Kind::leaf && n.negate == all) {
            const auto same = std::find_if(children.begin(), children.end(), [&](const Node& o) {
                return o.kind == Node::Kind::leaf && o.negate == all && o.word == n.word;
            });
            if (same != children.end()) {
                same->mask |= n.mask;
                continue;
            }
        }
        children.push_back(n);
    }
    if (children.size() == 1) {
        return children.front();
    }
    Node n;
    n.kind = all ? Node::Kind::all : Node::Kind::any;
    n.first = static_cast<std::uint32_t>(nodes_.size());
    n.count = static_cast<std::uint32_t>(children.size());
    nodes_.insert(nodes_.end(), children.begin(), children.end());
    return n;
}

// Most nodes are leaves: tested inline, with no call (the batch hot path).
inline bool Scorer::holds(const Node& n, const std::uint64_t* state) const {
    if (n.kind == Node::Kind::leaf) {
        return ((state[n.word] & n.mask) != 0) != n.negate;
    }
    return combine(n, state);
}

bool Scorer::combine(const Node& n, const std::uint64_t* state) const {
    // all: true unless a child is false; any: false unless a child is true.
    const bool all = n.kind == Node::Kind::all;
    bool value = all;
    for (std::uint32_t i = 0; i < n.count; ++i) {
        if (holds(nodes_[n.first + i], state) != all) {
            value = !all;
            break;
        }
    }
    return value != n.negate;
}

// The facts fit in a few words for any realistic rule set; a huge one takes the heap.
struct Scorer::State {
    explicit State(std::size_t words) {
        if (2 * words > local.size()) {
            heap.assign(2 * words, 0);
        }
    }
    std::uint64_t* data() { return heap.empty() ? local.data() : heap.data(); }
    std::array<std::uint64_t, 8> local{};
    std::vector<std::uint64_t> heap;
};

void Scorer::evaluate(const Measurements& m, Assessment& a, std::uint64_t* state) const {
    facts(m, a, state);
    conclude(a, state);
}

void Scorer::facts(const Measurements& m, Assessment& a, std::uint64_t* state) const {
    const RuleSet& rules = *rules_;
    a.side = m.side;
    a.criteria.resize(rules.criteria.size());
    std::fill(state, state + words_, 0);
    state[0] = one_bit(k_result_shift + static_cast<unsigned>(Result::negative));
    if (m.persists) {
        state[0] |= one_bit(k_persists_shift);
    }
    if (m.pain) {
        state[0] |= std::uint64_t{m.pain->bits()} << k_pain_shift;
    }
    if (m.red_flags) {
        state[0] |= (std::uint64_t{m.red_flags->bits()} & k_red_flag_mask) << k_red_flag_shift;
    }

    for (std::size_t i = 0; i < rules.criteria.size(); ++i) {
        const Criterion& c = rules.criteria[i];
        CriterionOutcome& out = a.criteria[i];
        out.criterion = i;
        out.band = nullptr;
        double value = 0;
        if (value_into(m, c.measure, c.minus, value)) {
            out.measured = value;
            out.status = status_of(c, value, &out.band);
        } else {
            out.measured.reset();
            out.status = Status::not_measured;
        }
        const Bit at = criterion_bits_[i];
        state[at.word] |= one_bit(at.shift + static_cast<unsigned>(out.status));
    }
    for (const ValueTest& t : value_tests_) {
        const Condition& c = *t.condition;
        bool holds = false;
        if (c.kind == Condition::Kind::change) {
            const auto& change = m.change[static_cast<std::size_t>(c.measure)];
            holds = change && c.changes.contains(*change);
        } else {
            double v = 0;
            holds = value_into(m, c.measure, c.minus, v) &&
                    ((c.above && v > *c.above) || (c.below && v < *c.below));
        }
        if (holds) {
            state[t.at.word] |= one_bit(t.at.shift);
        }
    }
}

void Scorer::conclude(Assessment& a, std::uint64_t* state) const {
    const RuleSet& rules = *rules_;
    a.result = Result::negative;
    a.implicated = {};
    a.flags = {};
    a.valid = true;
    a.findings.clear();
    // Findings are evaluated in order, so a finding may build on the ones before it (and on the
    // result they raised).
    TissueSet tissues;
    for (std::size_t i = 0; i < rules.findings.size(); ++i) {
        const Finding& f = rules.findings[i];
        if (!holds(nodes_[finding_roots_[i]], state)) {
            continue;
        }
        const Bit at = finding_bits_[i];
        state[at.word] |= one_bit(at.shift);
        a.findings.push_back(i);
        tissues.insert(f.implicates);
        a.flags.insert(f.flags);
        if (f.result) {
            if (*f.result == Result::retest) {
                a.valid = false;
            }
            if (*f.result > a.result) {
                a.result = *f.result;
                state[0] = (state[0] & ~(k_result_mask << k_result_shift)) |
                           one_bit(k_result_shift + static_cast<unsigned>(a.result));
            }
        }
    }
    // An invalid test (e.g. the low back lifted) says nothing about tissue length.
    if (a.valid) {
        a.implicated = tissues;
    }
}

void Scorer::decide(std::uint64_t* state, StepMask done, std::vector<int>& plan,
                    std::optional<std::size_t>& next_step_row, std::vector<std::size_t>& rows,
                    int& next_step) const {
    const RuleSet& rules = *rules_;
    plan.clear();
    rows.clear();
    next_step_row.reset();
    state[0] |= one_bit(k_plan_empty_shift);
    for (std::size_t r = 0; r < rules.decision.size(); ++r) {
        const DecisionRow& row = rules.decision[r];
        if (!holds(nodes_[decision_roots_[r]], state)) {
            continue;
        }
        rows.push_back(r);
        for (int step : row.steps) {
            if (done.contains(step) && !row.even_if_done) {
                continue;
            }
            if (std::find(plan.begin(), plan.end(), step) == plan.end()) {
                if (plan.empty()) {
                    next_step_row = r;
                }
                if (!done.contains(step)) {  // an even_if_done step already done leaves it
                    state[0] &= ~one_bit(k_plan_empty_shift);
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

void Scorer::assess_into(const Measurements& m, Assessment& a) const {
    State st(words_);
    std::uint64_t* const state = st.data();
    evaluate(m, a, state);
    std::copy(state, state + words_, state + words_);  // alone, the leg is the patient
    decide(state, m.done, a.plan, a.next_step_row, a.rows, a.next_step);
}

// One slot of a ScoreMemo: a leg's facts and steps done, and what they lead to: every member
// of Assessment that conclude() and decide() write (assess_into's `each` pairs them).
struct ScoreMemo::Entry {
    static constexpr std::size_t k_words = 4;  // larger rule sets are not memoised
    std::array<std::uint64_t, k_words> facts{};
    std::uint16_t done = 0;
    bool used = false;
    Result result = Result::negative;
    bool valid = true;
    TissueSet implicated;
    FlagSet flags;
    std::vector<std::size_t> findings;
    std::vector<int> plan;
    int next_step = 1;
    std::optional<std::size_t> next_step_row;
    std::vector<std::size_t> rows;
};

namespace {
constexpr std::size_t k_memo_slots = 4096;  // a power of two
}  // namespace

ScoreMemo::ScoreMemo() = default;
ScoreMemo::~ScoreMemo() = default;
ScoreMemo::ScoreMemo(ScoreMemo&&) noexcept = default;
ScoreMemo& ScoreMemo::operator=(ScoreMemo&&) noexcept = default;

void Scorer::assess_into(const Measurements& m, Assessment& a, ScoreMemo& memo) const {
    using Entry = ScoreMemo::Entry;
    if (words_ > Entry::k_words) {
        assess_into(m, a);
        return;
    }
    if (memo.scorer_ != id_ || memo.slots_.empty()) {
        memo.slots_.assign(k_memo_slots, Entry{});
        memo.scorer_ = id_;
    }
    State st(words_);
    std::uint64_t* const state = st.data();
    facts(m, a, state);
    std::array<std::uint64_t, Entry::k_words> key{};
    std::copy(state, state + words_, key.begin());
    const std::uint16_t done = m.done.bits();
    std::uint64_t h = done;
    for (const std::uint64_t w : key) {
        h = (h ^ w) * 0x9e3779b97f4a7c15ULL;
        h ^= h >> 29;
    }
    Entry& e = memo.slots_[h & (k_memo_slots - 1)];
    // Every conclusion, as a pair of the assessment's member and the entry's.
    const auto each = [&a, &e](auto&& f) {
        f(a.result, e.result);
        f(a.valid, e.valid);
        f(a.implicated, e.implicated);
        f(a.flags, e.flags);
        f(a.findings, e.findings);
        f(a.plan, e.plan);
        f(a.next_step, e.next_step);
        f(a.next_step_row, e.next_step_row);
        f(a.rows, e.rows);
    };
    if (e.used && e.facts == key && e.done == done) {
        each([](auto& mine, const auto& kept) { mine = kept; });
        return;
    }
    conclude(a, state);
    std::copy(state, state + words_, state + words_);  // alone, the leg is the patient
    decide(state, m.done, a.plan, a.next_step_row, a.rows, a.next_step);
    e.facts = key;
    e.done = done;
    e.used = true;
    each([](const auto& mine, auto& kept) { kept = mine; });
}

void Scorer::assess_pair_into(const Measurements& left, const Measurements& right,
                              PairAssessment& out) const {
    State left_state(words_);
    State right_state(words_);
    std::uint64_t* const l = left_state.data();
    std::uint64_t* const r = right_state.data();
    evaluate(left, out.left, l);
    evaluate(right, out.right, r);

    PatientAssessment& p = out.patient;
    p = {};
    p.result = std::max(out.left.result, out.right.result);
    p.implicated.insert(out.left.implicated);
    p.implicated.insert(out.right.implicated);
    p.flags.insert(out.left.flags);
    p.flags.insert(out.right.flags);
    // The patient's facts: whatever holds on either leg, with one result (the most urgent).
    State patient_state(words_);
    std::uint64_t* const patient = patient_state.data();
    for (std::size_t w = 0; w < words_; ++w) {
        patient[w] = l[w] | r[w];
    }
    patient[0] = (patient[0] & ~(k_result_mask << k_result_shift)) |
                 one_bit(k_result_shift + static_cast<unsigned>(p.result));
    for (std::uint64_t* leg : {l, r, patient}) {
        std::copy(patient, patient + words_, leg + words_);
    }
    // A patient-level step done on one leg only is not done for either.
    const auto both_done = StepMask::from_bits(left.done.bits() & right.done.bits());
    const auto leg_done = [&](StepMask done) {
        return StepMask::from_bits(
            static_cast<std::uint16_t>(done.bits() & ~(patient_steps_.bits() & ~both_done.bits())));
    };
    decide(l, leg_done(left.done), out.left.plan, out.left.next_step_row, out.left.rows,
           out.left.next_step);
    decide(r, leg_done(right.done), out.right.plan, out.right.next_step_row, out.right.rows,
           out.right.next_step);
    decide(patient, both_done, p.plan, p.next_step_row, p.rows, p.next_step);
}

void assess_into(const RuleSet& rules, const Measurements& m, Assessment& a) {
    Scorer(rules).assess_into(m, a);
}

Assessment assess(const RuleSet& rules, const Measurements& m) {
    Assessment a;
    assess_into(rules, m, a);
    return a;
}

PairAssessment assess_pair(const RuleSet& rules, const Measurements& left,
                           const Measurements& right) {
    PairAssessment out;
    Scorer(rules).assess_pair_into(left, right, out);
    return out;
}

const std::string& next_step_why(const RuleSet& rules, std::optional<std::size_t> row) {
    return row ? rules.decision[*row].why : rules.complete_why;
}

std::vector<AsymmetryItem> compare_sides(const RuleSet& rules, const Measurements& left,
                                         const Measurements& right) {
    std::vector<AsymmetryItem> items;
    const auto add = [&](AsymmetryItem item, std::optional<double> threshold) {
        item.difference = item.left - item.right;
        item.threshold = threshold;
        // Rounded to 1e-9 degrees: 70.1 - 50.1 is 19.999..., and a difference of exactly the
        // threshold is notable.
        item.notable = threshold && std::fabs(item.difference) >= *threshold - 1e-9;
        items.push_back(item);
    };
    for (std::size_t i = 0; i < k_measure_count; ++i) {
        const auto measure = static_cast<Measure>(i);
        const MeasureDef& def = rules.measures[i];
        if (measure == Measure::lumbar_flat || !def.declared || !left[measure] || !right[measure]) {
            continue;
        }
        AsymmetryItem item;
        item.measure = measure;
        item.left = *left[measure];
        item.right = *right[measure];
        add(item, def.asymmetry);
    }
    for (std::size_t i = 0; i < rules.criteria.size(); ++i) {
        const Criterion& c = rules.criteria[i];
        const auto l = value_of(left, c.measure, c.minus);
        const auto r = value_of(right, c.measure, c.minus);
        if (!c.asymmetry || !c.minus || !l || !r) {
            continue;
        }
        AsymmetryItem item;
        item.measure = c.measure;
        item.minus = c.minus;
        item.criterion = i;
        item.left = *l;
        item.right = *r;
        add(item, c.asymmetry);
    }
    return items;
}

}  // namespace thomas
