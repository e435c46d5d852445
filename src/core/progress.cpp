// Follow-up across visits: collect compact visits, then order, compare and score them per
// patient and leg (see progress.h).
#include "thomas/progress.h"

#include <fmt/format.h>
#include <sys/mman.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdlib>
#include <limits>
#include <memory>
#include <new>
#include <span>
#include <stdexcept>
#include <type_traits>

#include "interner.h"
#include "ordered_blocks.h"
#include "progress_store.h"
#include "thomas/errors.h"
#include "thomas/fields.h"

namespace thomas::progress {
namespace {

// Every visit until finish(), in blocks of one huge page: no copying as it grows, and one page
// fault per 2 MiB instead of 512 (a fault costs microseconds on a virtual machine).
class VisitStore {
public:
    void push_back(const Stored& s) {
        if (size_ % k_per_block == 0) {
            blocks_.push_back(new_block());
        }
        new (blocks_.back().get() + size_ % k_per_block) Stored(s);
        ++size_;
    }
    const Stored& operator[](std::size_t i) const {
        return blocks_[i / k_per_block].get()[i % k_per_block];
    }
    std::size_t size() const { return size_; }

private:
    static_assert(std::is_trivially_copyable_v<Stored> && std::is_trivially_destructible_v<Stored>);
    static constexpr std::size_t k_block_bytes = std::size_t{2} << 20;
    static constexpr std::size_t k_per_block = k_block_bytes / sizeof(Stored);
    struct Free {
        void operator()(Stored* p) const { std::free(p); }
    };
    using Block = std::unique_ptr<Stored, Free>;

    static Block new_block() {
        void* p = std::aligned_alloc(k_block_bytes, k_block_bytes);
        if (p == nullptr) {
            throw std::bad_alloc();
        }
#ifdef MADV_HUGEPAGE
        ::madvise(p, k_block_bytes, MADV_HUGEPAGE);  // a hint: without it, small pages
#endif
        return Block(static_cast<Stored*>(p));
    }

    std::vector<Block> blocks_;
    std::size_t size_ = 0;
};

std::string format_date(std::int32_t day) {
    // civil_from_days (Howard Hinnant), the inverse of parse_iso_date.
    const int z = day + 719468;
    const int era = (z >= 0 ? z : z - 146096) / 146097;
    const int doe = z - era * 146097;
    const int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const int mp = (5 * doy + 2) / 153;
    const int d = doy - (153 * mp + 2) / 5 + 1;
    const int m = mp < 10 ? mp + 3 : mp - 9;
    const int y = yoe + era * 400 + (m <= 2 ? 1 : 0);
    // parse_iso_date takes years 1900 to 9999: four digits, written by hand (once per visit).
    std::string out = "0000-00-00";
    for (int i = 3, rest = y; i >= 0; --i, rest /= 10) {
        out[static_cast<std::size_t>(i)] = static_cast<char>('0' + rest % 10);
    }
    out[5] = static_cast<char>('0' + m / 10);
    out[6] = static_cast<char>('0' + m % 10);
    out[8] = static_cast<char>('0' + d / 10);
    out[9] = static_cast<char>('0' + d % 10);
    return out;
}

std::string number_text(double v) {
    return fmt::format("{:g}", std::round(v * 10) / 10);
}

// Angle measures compared between visits: judged (mdc) or shown only (mdc: none).
std::vector<Measure> compared_measures(const RuleSet& rules) {
    std::vector<Measure> out;
    for (const MeasureDef& def : rules.measures) {
        if (def.declared && ((def.mdc && def.better) || def.mdc_none)) {
            out.push_back(def.id);
        }
    }
    return out;
}

// What following patients needs besides the stored visits; one per thread.
struct Scratch {
    std::vector<const Stored*> block;           // a block's visits, patient by patient
    std::vector<std::uint32_t> start;           // where each of its patients' visits start
    std::vector<std::uint32_t> next;            // gather()'s
    std::vector<const Stored*> run;             // one patient's visits, by side and day
    std::vector<const Stored*> kept;            // one leg's, less same-date repeats
    std::vector<std::optional<double>> judged;  // compare()'s table
    std::vector<Course> legs = std::vector<Course>(2);
    std::vector<VisitError> errors;     // same-date conflicts
    ScoreMemo memo;                     // this thread's: visits with the same facts
    std::array<Measurements, 2> facts;  // decide()'s: each leg's latest facts
    PairAssessment pair;                // decide()'s, its vectors reused
};

}  // namespace

std::string_view to_string(Since v) {
    return v == Since::first ? "first" : "previous";
}

void require_mdc(const RuleSet& rules) {
    for (const MeasureDef& def : rules.measures) {
        if (def.declared && !def.unit.empty() && !def.mdc && !def.mdc_none) {
            throw RuleError({Diagnostic{
                Diagnostic::Severity::error, rules.origin, 0, 0,
                fmt::format("rule set \"{}\" gives no mdc for {}: progress needs each angle "
                            "measure's smallest real change between two visits (mdc:, better: "
                            "and mdc_source: under measures:, or mdc: none to show the change "
                            "unjudged; see rules/README.md)",
                            rules.name, to_string(def.id))}});
        }
    }
}

std::optional<double> change_value(const RuleSet& rules, const Measurements& m, Measure measure) {
    const auto& v = m[measure];
    const auto minus = rules.measure(measure).mdc_minus;
    if (!v || !minus) {
        return v;
    }
    const auto& sub = m[*minus];
    return sub ? std::optional<double>(*v - *sub) : std::nullopt;
}

Change classify(double from, double to, double mdc, Better better) {
    const double difference = to - from;
    if (std::fabs(difference) < mdc) {
        return Change::no_reliable_change;
    }
    switch (better) {
        case Better::lower:
            return difference < 0 ? Change::improved : Change::worse;
        case Better::higher:
            return difference > 0 ? Change::improved : Change::worse;
        case Better::nearer_zero:
            if (std::fabs(to) == std::fabs(from)) {
                return Change::no_reliable_change;
            }
            return std::fabs(to) < std::fabs(from) ? Change::improved : Change::worse;
    }
    return Change::no_reliable_change;
}

std::string fill_why(std::string_view text, const Course& course) {
    std::string out;
    std::size_t at = 0;
    while (at < text.size()) {
        const std::size_t open = text.find('{', at);
        const std::size_t close = open == std::string_view::npos ? open : text.find('}', open);
        if (close == std::string_view::npos) {
            out += text.substr(at);
            break;
        }
        out += text.substr(at, open - at);
        const std::string_view name = text.substr(open + 1, close - open - 1);
        at = close + 1;
        if (name == "first_date" || name == "latest_date") {
            out += course.visits.empty()  ? "?"
                   : name == "first_date" ? course.visits.front().date
                                          : course.visits.back().date;
            continue;
        }
        const std::size_t colon = name.find(':');
        const auto measure =
            colon == std::string_view::npos ? std::nullopt : parse_measure(name.substr(colon + 1));
        if (!measure) {
            out += text.substr(open, close - open + 1);  // not ours: kept as written
            continue;
        }
        const std::string_view what = name.substr(0, colon);
        const std::size_t last = course.visits.empty() ? 0 : course.visits.size() - 1;
        const auto it =
            std::find_if(course.changes.begin(), course.changes.end(), [&](const MeasureChange& c) {
                return c.measure == *measure && c.since == Since::first && c.to_visit == last;
            });
        if (it == course.changes.end() || (what == "mdc" && !it->mdc)) {
            out += "?";
        } else if (what == "difference") {
            if (it->difference > 0) {
                out += '+';
            }
            out += number_text(it->difference);
        } else if (what == "mdc") {
            out += number_text(*it->mdc);
        } else if (what == "from") {
            out += number_text(it->from);
        } else if (what == "to") {
            out += number_text(it->to);
        } else {
            out += text.substr(open, close - open + 1);
        }
    }
    return out;
}

struct Tracker::Impl {
    explicit Impl(const RuleSet& r) : rules(r), scorer(r), compared(compared_measures(r)) {
        examiners.id("");  // id 0 = not given
        devices.id("");
    }

    const RuleSet& rules;
    Scorer scorer;
    std::vector<Measure> compared;
    detail::Interner patients;
    detail::Interner examiners;
    detail::Interner devices;
    detail::Interner origins;
    VisitStore visits;
    // Each visit's place in `visits`, in input order, in the bucket of its patient: patients 0
    // to 63 in the first, and so on. A block of patients followed on a thread gathers its
    // visits from its buckets, so no pass over every visit stands between reading and following.
    struct Placed {
        std::uint32_t visit;
        std::uint32_t patient;
    };
    static constexpr std::size_t k_bucket_patients = 64;
    std::vector<std::vector<Placed>> buckets;
    std::vector<std::array<double, k_measure_count>> wide;  // wide visits' readings
    PreparedVisit prepared;                                 // add()'s, reused
    VisitError prepare_error;
    std::vector<VisitError> errors;

    std::string origin_text(const Stored& s) const {
        return (s.bits & Stored::k_from_file) != 0
                   ? origins.text(static_cast<std::uint32_t>(s.place))
                   : "row " + std::to_string(s.place);
    }

    // The readings of a visit (NaN: not measured).
    std::array<double, k_measure_count> values(const Stored& s) const {
        if ((s.bits & Stored::k_wide) != 0) {
            return wide[s.wide_index()];
        }
        std::array<double, k_measure_count> out{};
        for (std::size_t i = 0; i < k_measure_count; ++i) {
            out[i] = s.tenths[i] == Stored::k_not_measured
                         ? std::numeric_limits<double>::quiet_NaN()
                         : from_tenths(s.tenths[i]);
        }
        return out;
    }

    Measurements restore(const Stored& s) const {
        Measurements m;
        const auto v = values(s);
        for (std::size_t i = 0; i < k_measure_count; ++i) {
            if (!std::isnan(v[i])) {
                m.values[i] = v[i];
            }
        }
        if (s.bits & Stored::k_pain_asked) {
            m.pain = PainSet::from_bits(s.pain);
        }
        if (s.bits & Stored::k_red_asked) {
            m.red_flags = RedFlagSet::from_bits(s.red_flags);
        }
        m.done = StepMask::from_bits(s.done);
        m.side = static_cast<Side>(s.side);
        m.persists = (s.bits & Stored::k_persists) != 0;
        m.knee_as_interior = (s.bits & Stored::k_interior) != 0;
        return m;
    }

    // The same answers (the visit fields aside): a repeated export line, not a conflict.
    bool same_answers(const Stored& a, const Stored& b) const {
        const auto x = values(a);
        const auto y = values(b);
        for (std::size_t i = 0; i < k_measure_count; ++i) {
            const bool na = std::isnan(x[i]);
            if (na != std::isnan(y[i]) || (!na && x[i] != y[i])) {
                return false;
            }
        }
        return a.pain == b.pain && a.red_flags == b.red_flags && a.done == b.done &&
               (a.bits & Stored::k_answers) == (b.bits & Stored::k_answers) &&
               a.examiner == b.examiner && a.device == b.device;
    }

    // Fills `v`, reusing what it holds (its assessment's vectors): no allocation per visit
    // once the courses have grown.
    void result_into(const Stored& s, VisitResult& v, ScoreMemo& memo) const {
        v.date = format_date(s.day);
        v.examiner = examiners.text(s.examiner);
        v.device = devices.text(s.device);
        v.origin = origin_text(s);
        v.m = restore(s);
        scorer.assess_into(v.m, v.assessment, memo);
    }

    // Drops same-date duplicates (same answers: kept once, with a warning) and conflicts (both
    // become errors) from one leg's visits, sorted by day.
    void usable(std::span<const Stored* const> leg, std::vector<std::string>& warnings,
                std::vector<const Stored*>& out, std::vector<VisitError>& conflicts) const {
        out.clear();
        for (std::size_t i = 0; i < leg.size();) {
            std::size_t j = i + 1;
            bool conflict = false;
            while (j < leg.size() && leg[j]->day == leg[i]->day) {
                if (!same_answers(*leg[i], *leg[j])) {
                    conflict = true;
                } else {
                    warnings.push_back(fmt::format("{} repeats {} ({}, same values): counted once",
                                                   origin_text(*leg[j]), origin_text(*leg[i]),
                                                   format_date(leg[i]->day)));
                }
                ++j;
            }
            if (conflict) {
                std::vector<std::string> where;
                for (std::size_t k = i; k < j; ++k) {
                    where.push_back(origin_text(*leg[k]));
                }
                for (std::size_t k = i; k < j; ++k) {
                    conflicts.push_back(
                        {origin_text(*leg[k]), leg[k]->row(), patients.text(leg[k]->patient),
                         fmt::format("patient {}, {} leg: {} visits on {} with different values "
                                     "({}); keep the right one and remove the others",
                                     patients.text(leg[k]->patient),
                                     to_string(static_cast<Side>(leg[k]->side)), j - i,
                                     format_date(leg[k]->day), fmt::join(where, ", "))});
                }
            } else {
                out.push_back(leg[i]);
            }
            i = j;
        }
        return;
    }

    // Valid visits only: an invalid test (the low back lifted) says nothing about length.
    void compare(Course& c, std::vector<std::optional<double>>& judged) const {
        const RuleSet& r = rules;
        const auto valid = [&](std::size_t k) { return c.visits[k].assessment.valid; };
        // Each valid visit's value of each compared measure, looked up once.
        judged.resize(c.visits.size() * compared.size());
        for (std::size_t k = 0; k < c.visits.size(); ++k) {
            for (std::size_t i = 0; i < compared.size(); ++i) {
                judged[k * compared.size() + i] =
                    valid(k) ? change_value(r, c.visits[k].m, compared[i]) : std::nullopt;
            }
        }
        const auto value = [&](std::size_t k, std::size_t i) -> const std::optional<double>& {
            return judged[k * compared.size() + i];
        };
        // Each measure's first and latest visit with a value so far, and the same for valid
        // visits, carried along instead of searched for at every visit.
        constexpr std::size_t k_none = std::numeric_limits<std::size_t>::max();
        std::array<std::size_t, k_measure_count> first_with{};
        std::array<std::size_t, k_measure_count> previous_with{};
        first_with.fill(k_none);
        std::size_t first_valid = k_none;
        std::size_t previous_valid = k_none;
        for (std::size_t k = 0; k < c.visits.size(); ++k) {
            if (!valid(k)) {
                continue;
            }
            for (std::size_t i = 0; i < compared.size(); ++i) {
                const auto& to = value(k, i);
                if (!to) {
                    continue;
                }
                if (first_with[i] != k_none) {
                    for (const auto& [since, from] :
                         {std::pair{Since::first, first_with[i]},
                          std::pair{Since::previous, previous_with[i]}}) {
                        add_change(c, compared[i], since, *value(from, i), *to, from, k);
                    }
                } else {
                    first_with[i] = k;
                }
                previous_with[i] = k;
            }
            if (first_valid == k_none) {
                first_valid = k;
                previous_valid = k;
                continue;
            }
            const auto& now = c.visits[k].assessment.criteria;
            for (std::size_t ci = 0; ci < r.criteria.size(); ++ci) {
                for (const auto& [since, from] : {std::pair{Since::first, first_valid},
                                                  std::pair{Since::previous, previous_valid}}) {
                    const Status a = c.visits[from].assessment.criteria[ci].status;
                    const Status b = now[ci].status;
                    // Bitwise, not &&/||: statuses vary from visit to visit, and each branch
                    // of a short-circuit would be mispredicted half the time.
                    const bool crossed =
                        (static_cast<int>(a == Status::fail) &
                         static_cast<int>(b == Status::pass)) |
                        (static_cast<int>(a == Status::pass) & static_cast<int>(b == Status::fail));
                    // The low back: a validity check, not a change of length.
                    if (crossed && !r.criteria[ci].boolean) {
                        c.crossings.push_back({ci, since, from, k, a, b});
                    }
                }
            }
            previous_valid = k;
        }
        for (MeasureChange& ch : c.changes) {
            for (const Crossing& x : c.crossings) {
                const Criterion& crit = r.criteria[x.criterion];
                if (crit.measure != ch.measure || crit.minus != ch.minus ||
                    x.from_visit != ch.from_visit || x.to_visit != ch.to_visit || !ch.change) {
                    continue;
                }
                const bool better = x.to == Status::pass;
                ch.clinically_significant =
                    ch.clinically_significant ||
                    (better ? ch.change == Change::improved : ch.change == Change::worse);
            }
        }
    }

    void add_change(Course& c, Measure measure, Since since, double from_value, double to_value,
                    std::size_t from, std::size_t to) const {
        const MeasureDef& def = rules.measure(measure);
        // Filled where it lies: built on the stack and copied, its narrow fields stall the copy
        // (a wide load of bytes just stored): half of compare()'s time.
        MeasureChange& ch = c.changes.emplace_back();
        ch.measure = measure;
        ch.since = since;
        ch.from_visit = from;
        ch.to_visit = to;
        ch.minus = def.mdc_minus;
        ch.from = from_value;
        ch.to = to_value;
        ch.difference = ch.to - ch.from;
        if (def.mdc) {
            ch.mdc = def.mdc;
            ch.change = classify(ch.from, ch.to, *def.mdc, *def.better);
        }
    }

    // The fact here; what it means for the change comes from the rule set. Only visits that
    // are compared: consecutive ones, and the first with the latest.
    void warn_mixed(Course& c) const {
        const FollowUp& f = rules.follow_up;
        const auto warn = [&](const VisitResult& a, const VisitResult& b, bool device) {
            const std::string& x = device ? a.device : a.examiner;
            const std::string& y = device ? b.device : b.examiner;
            if (x == y) {
                return;
            }
            const std::string& caution = device ? f.different_devices : f.different_examiners;
            const std::string what = device ? "device" : "examiner";
            std::string text =
                x.empty() || y.empty()
                    ? fmt::format("{} and {}: {} recorded for {} only", a.date, b.date, what,
                                  x.empty() ? b.date : a.date)
                    : fmt::format("{} and {}: measured {} ({}, {})", a.date, b.date,
                                  device ? "with different devices" : "by different examiners", x,
                                  y);
            if (!caution.empty()) {
                text += ". " + caution;
            }
            if (std::find(c.warnings.begin(), c.warnings.end(), text) == c.warnings.end()) {
                c.warnings.push_back(std::move(text));
            }
        };
        for (const bool device : {true, false}) {
            for (std::size_t k = 1; k < c.visits.size(); ++k) {
                warn(c.visits[k - 1], c.visits[k], device);
            }
            if (c.visits.size() > 2) {
                warn(c.visits.front(), c.visits.back(), device);
            }
        }
    }

    // The latest visit with its changes since the first valid visit, unless the two were
    // measured with different devices or by different examiners (a device alone differs by
    // about as much as a real change): then the decision does not rest on the change.
    void latest_facts(const Course& c, Measurements& m) const {
        m = c.visits.back().m;
        for (const MeasureChange& ch : c.changes) {
            if (ch.since != Since::first || ch.to_visit + 1 != c.visits.size() || !ch.change) {
                continue;
            }
            const VisitResult& a = c.visits[ch.from_visit];
            const VisitResult& b = c.visits.back();
            if (a.device == b.device && a.examiner == b.examiner) {
                m.change[static_cast<std::size_t>(ch.measure)] = ch.change;
            }
        }
    }

    // One leg's course into `c`, which is reused from leg to leg.
    void build(std::span<const Stored* const> leg, Course& c, Scratch& scratch) const {
        c.patient = patients.text(leg.front()->patient);
        c.side = static_cast<Side>(leg.front()->side);
        c.changes.clear();
        c.crossings.clear();
        c.warnings.clear();
        c.decided_by.reset();
        c.why.clear();
        usable(leg, c.warnings, scratch.kept, scratch.errors);
        c.visits.resize(scratch.kept.size());
        for (std::size_t k = 0; k < scratch.kept.size(); ++k) {
            result_into(*scratch.kept[k], c.visits[k], scratch.memo);
        }
        if (c.visits.empty()) {
            return;
        }
        if (c.visits.size() == 1) {
            c.warnings.emplace_back("no follow-up yet: one visit");
        }
        compare(c, scratch.judged);
        warn_mixed(c);
    }

    void gather(std::size_t first, std::size_t end, Scratch& s) const;
    void follow(std::span<const Stored* const> patient, Scratch& s,
                const std::function<void(const Course&)>& fn) const;

    void decide_alone(Course& c, const Measurements& facts) const {
        scorer.assess_into(facts, c.latest);
        c.next_step = c.latest.next_step;
        c.next_step_row = c.latest.next_step_row;
        c.plan = c.latest.plan;
    }

    // Both legs tested on the latest day are triaged together, as `score` does for a two-leg
    // test: pain on one leg rules out pathology before stretching either. The reason quotes the
    // changes of the leg whose own course chose the patient's row.
    void decide(std::span<Course> legs, Scratch& s) const {
        const bool paired = legs.size() == 2 && !legs[0].visits.empty() &&
                            !legs[1].visits.empty() &&
                            legs[0].visits.back().date == legs[1].visits.back().date;
        for (std::size_t i = 0; i < legs.size(); ++i) {
            Course& c = legs[i];
            if (!c.visits.empty()) {
                latest_facts(c, s.facts[i]);
                decide_alone(c, s.facts[i]);
                if (!paired) {  // paired, the patient's reason is filled in below
                    c.why = fill_why(next_step_why(rules, c.next_step_row), c);
                }
            }
        }
        if (!paired) {
            return;
        }
        PairAssessment& pair = s.pair;
        scorer.assess_pair_into(s.facts[0], s.facts[1], pair);
        const std::array<std::optional<std::size_t>, 2> alone{legs[0].next_step_row,
                                                              legs[1].next_step_row};
        for (std::size_t i = 0; i < 2; ++i) {
            Course& c = legs[i];
            const Course& other = legs[1 - i];
            const bool own = alone[i] == pair.patient.next_step_row;
            const bool others = alone[1 - i] == pair.patient.next_step_row;
            const std::string_view text = next_step_why(rules, pair.patient.next_step_row);
            c.why = fill_why(text, !own && others ? other : c);
            if (!own && others) {
                c.decided_by = other.side;
            }
            c.latest = i == 0 ? pair.left : pair.right;
            c.next_step = pair.patient.next_step;
            c.next_step_row = pair.patient.next_step_row;
            c.plan = pair.patient.plan;
        }
    }
};

Tracker::Tracker(const RuleSet& rules) : impl_(std::make_unique<Impl>(rules)) {
    require_mdc(rules);
}

Tracker::~Tracker() = default;

bool Tracker::prepare(const Measurements& m, std::string_view origin, std::uint64_t row,
                      PreparedVisit& out, VisitError& error) {
    const auto fail = [&](std::string message) {
        error = {row != 0 ? "row " + std::to_string(row) : std::string(origin), row,
                 m.visit.patient, std::move(message)};
        return false;
    };
    if (m.visit.patient.empty()) {
        return fail("no patient id: a visit is followed by its patient column (patient)");
    }
    if (m.visit.date.empty()) {
        return fail("no date: a visit needs its date (YYYY-MM-DD) to be put in order");
    }
    std::int32_t day = 0;
    if (!parse_iso_date(m.visit.date, day)) {
        return fail(fmt::format("date \"{}\" is not a date YYYY-MM-DD", m.visit.date));
    }
    if (!m.side) {
        return fail("no side: a leg is followed across visits by its side (left or right)");
    }
    store(m, out);
    out.stored.day = day;
    out.stored.place = row;
    out.patient = m.visit.patient;
    out.examiner = m.visit.examiner;
    out.device = m.visit.device;
    return true;
}

void Tracker::add_prepared(const PreparedVisit& v, std::string_view origin) {
    Impl& d = *impl_;
    // Indices into `visits` and `wide` are 32-bit; checked before anything is kept.
    constexpr std::size_t k_max = std::numeric_limits<std::uint32_t>::max();
    if (d.visits.size() >= k_max || d.wide.size() >= k_max) {
        throw std::length_error("progress: 2^32 visits or more");
    }
    Stored s = v.stored;
    s.patient = d.patients.id(v.patient);
    s.examiner = d.examiners.id(v.examiner);
    s.device = d.devices.id(v.device);
    if (s.place == 0) {  // a file's visit, named by the file; a CSV row is named by its number
        s.place = d.origins.id(origin);
        s.bits |= Stored::k_from_file;
    }
    if ((s.bits & Stored::k_wide) != 0) {
        s.set_wide_index(static_cast<std::uint32_t>(d.wide.size()));
        d.wide.push_back(v.wide);
    }
    const auto index = static_cast<std::uint32_t>(d.visits.size());
    d.visits.push_back(s);
    const std::size_t bucket = s.patient / Impl::k_bucket_patients;
    while (bucket >= d.buckets.size()) {  // ids are numbered from 0 as patients are first seen
        d.buckets.emplace_back();
    }
    d.buckets[bucket].push_back({index, s.patient});
}

void Tracker::add(const Measurements& m, std::string_view origin, std::uint64_t row) {
    Impl& d = *impl_;
    if (!prepare(m, origin, row, d.prepared, d.prepare_error)) {
        d.errors.push_back(std::move(d.prepare_error));
        return;
    }
    add_prepared(d.prepared, origin);
}

void Tracker::prefetch_patient(std::string_view patient) const {
    impl_->patients.prefetch(patient);
}

void Tracker::add_error(VisitError error) {
    impl_->errors.push_back(std::move(error));
}

namespace {

struct Block {
    std::string text;
    std::vector<VisitError> errors;
};

}  // namespace

// Patients first..end-1's visits into s.block, each patient's together in input order (a
// counting sort), patient first + i's from s.start[i] to s.start[i + 1].
void Tracker::Impl::gather(std::size_t first, std::size_t end, Scratch& s) const {
    // Each visit of patients first..end-1, from their buckets (a patient whose visit failed to
    // be kept may have none).
    const auto each = [&](auto&& fn) {
        const std::size_t last = std::min((end - 1) / k_bucket_patients + 1, buckets.size());
        for (std::size_t b = first / k_bucket_patients; b < last; ++b) {
            for (const Placed& v : buckets[b]) {
                if (v.patient >= first && v.patient < end) {
                    fn(v);
                }
            }
        }
    };
    s.start.assign(end - first + 1, 0);
    each([&](const Placed& v) { ++s.start[v.patient - first + 1]; });
    for (std::size_t i = 1; i < s.start.size(); ++i) {
        s.start[i] += s.start[i - 1];
    }
    s.block.resize(s.start.back());
    s.next.assign(s.start.begin(), s.start.end() - 1);
    each([&](const Placed& v) { s.block[s.next[v.patient - first]++] = &visits[v.visit]; });
}

// One patient: the run sorted by side and day (stable: same-day visits stay in input order, for
// the messages), each leg's course built, both decided, `fn` called per leg with visits.
void Tracker::Impl::follow(std::span<const Stored* const> patient, Scratch& s,
                           const std::function<void(const Course&)>& fn) const {
    s.run.assign(patient.begin(), patient.end());
    const auto before = [](const Stored* a, const Stored* b) {
        return a->side != b->side ? a->side < b->side : a->day < b->day;
    };
    constexpr std::size_t k_few = 32;  // a patient's visits, as a rule
    if (s.run.size() > k_few) {        // a wrong --patient column, say
        std::stable_sort(s.run.begin(), s.run.end(), before);
    } else {
        for (std::size_t i = 1; i < s.run.size(); ++i) {  // insertion sort: stable, no buffer
            const Stored* v = s.run[i];
            std::size_t j = i;
            for (; j > 0 && before(v, s.run[j - 1]); --j) {
                s.run[j] = s.run[j - 1];
            }
            s.run[j] = v;
        }
    }
    std::size_t count = 0;
    for (std::size_t i = 0; i < s.run.size();) {
        std::size_t j = i + 1;
        while (j < s.run.size() && s.run[j]->side == s.run[i]->side) {
            ++j;
        }
        build(std::span(s.run).subspan(i, j - i), s.legs[count++], s);
        i = j;
    }
    const std::span<Course> legs(s.legs.data(), count);
    decide(legs, s);
    for (const Course& c : legs) {
        if (!c.visits.empty()) {
            fn(c);
        }
    }
}

void Tracker::finish(const std::function<void(const Course&)>& fn) {
    // One thread, each course handed over as it is made: no text.
    finish(
        1, [&]() -> Render { return [&](const Course& c, std::string&) { fn(c); }; },
        [](const std::string&) {});
}

void Tracker::finish(unsigned jobs, const std::function<Render()>& make_render,
                     const std::function<void(const std::string&)>& write,
                     std::size_t patients_per_block) {
    Impl& d = *impl_;
    const std::size_t patients = d.patients.size();
    const std::size_t per_block = std::max<std::size_t>(1, patients_per_block);
    const std::size_t blocks = (patients + per_block - 1) / per_block;
    jobs =
        static_cast<unsigned>(std::clamp<std::size_t>(jobs, 1, std::max<std::size_t>(blocks, 1)));
    std::vector<Scratch> scratch(jobs);
    std::vector<Render> render;
    for (unsigned i = 0; i < jobs; ++i) {
        render.push_back(make_render());
    }
    detail::for_blocks_in_order<Block>(
        blocks, jobs,
        [&](unsigned worker, std::size_t b, Block& out) {
            out.text.clear();
            Scratch& s = scratch[worker];
            s.errors.clear();
            const std::size_t first = b * per_block;
            const std::size_t end = std::min(patients, first + per_block);
            d.gather(first, end, s);
            const auto to_text = [&](const Course& c) { render[worker](c, out.text); };
            const std::span<const Stored* const> visits(s.block);
            const std::vector<std::uint32_t>& start = s.start;
            for (std::size_t p = 0; p < end - first; ++p) {
                if (p + 3 < start.size()) {  // the visits are scattered over memory: load ahead
                    for (std::size_t i = start[p + 2]; i < start[p + 3]; ++i) {
                        __builtin_prefetch(visits[i]);
                        __builtin_prefetch(reinterpret_cast<const char*>(visits[i]) +
                                           sizeof(Stored) - 1);
                    }
                }
                d.follow(visits.subspan(start[p], start[p + 1] - start[p]), s, to_text);
            }
            out.errors.swap(s.errors);
        },
        [&](Block& out) {
            write(out.text);
            d.errors.insert(d.errors.end(), std::make_move_iterator(out.errors.begin()),
                            std::make_move_iterator(out.errors.end()));
        });
    std::stable_sort(d.errors.begin(), d.errors.end(),
                     [](const VisitError& a, const VisitError& b) { return a.row < b.row; });
}

const std::vector<VisitError>& Tracker::errors() const {
    return impl_->errors;
}

std::uint64_t Tracker::visits() const {
    return impl_->visits.size();
}

}  // namespace thomas::progress
