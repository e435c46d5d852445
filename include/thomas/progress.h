// Follow-up across visits (`thomas progress`): each patient's visits per leg, ordered by date,
// each scored; every angle measure's change since the first visit and since the previous one,
// judged against the rule set's smallest real change (`mdc`, the reliable change of Jacobson &
// Truax); criteria that moved between fail and pass; and the next step of the latest visit, which
// the rule set's decision table chooses knowing those changes ({improved: thigh_angle}, ...).
//
// Memory: every visit is kept until finish() (input may come in any order), as a compact record
// of 40 bytes plus 8 in its patient's bucket (readings finer than tenths take 40 bytes more),
// with the patient, examiner and device strings stored once each; so memory grows with the
// visits of the file, a few per patient, never with its text.
#pragma once

#include <cstdint>
#include <functional>
#include <iosfwd>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "thomas/engine.h"
#include "thomas/ids.h"
#include "thomas/measurements.h"
#include "thomas/ruleset.h"

namespace thomas::json {
class Writer;
}

namespace thomas::progress {

// Which earlier visit a change is measured from.
enum class Since : std::uint8_t { first, previous };
std::string_view to_string(Since v);

// Throws RuleError (exit 78) naming the first angle measure the rule set declares without mdc:
// progress cannot judge a change of it.
void require_mdc(const RuleSet& rules);

// The value a change of `measure` is judged on: the reading, or the reading minus mdc_minus.
std::optional<double> change_value(const RuleSet& rules, const Measurements& m, Measure measure);

// Classify a change from `from` to `to` of a measure with the given mdc: a difference smaller
// than the mdc is no_reliable_change; otherwise `better` decides. For nearer_zero a real change
// that keeps the same distance from zero (-10 to 10) is no_reliable_change.
Change classify(double from, double to, double mdc, Better better);

struct VisitResult {
    std::string date;
    std::string examiner;
    std::string device;
    std::string origin;  // where it was read: "row 12" of a CSV, or a file name
    Measurements m;      // as read; m.change and m.visit are not set (the course has them)
    Assessment assessment;
};

struct MeasureChange {
    Measure measure{};
    std::optional<Measure> minus;  // judged on measure - minus (the rule set's mdc_minus)
    Since since{};
    std::size_t from_visit = 0;  // indices into Course::visits
    std::size_t to_visit = 0;
    double from = 0;
    double to = 0;
    double difference = 0;         // to - from
    std::optional<double> mdc;     // nullopt: the rule set judges no change of this measure
    std::optional<Change> change;  // nullopt with mdc
    // Jacobson & Truax's clinically significant change: a reliable change that also moved a
    // criterion on this measure from fail to pass (improved) or from pass to fail (worse).
    bool clinically_significant = false;
};

// A criterion whose status went from fail to pass, or from pass to fail, between two visits.
struct Crossing {
    std::size_t criterion = 0;  // index into RuleSet::criteria
    Since since{};
    std::size_t from_visit = 0;
    std::size_t to_visit = 0;
    Status from{};
    Status to{};
};

struct PreparedVisit;  // progress_store.h, inside the library

// One patient's leg across visits.
struct Course {
    std::string patient;
    Side side{};
    std::vector<VisitResult> visits;  // ordered by date
    // For each valid visit after the first and each angle measure measured there: the change
    // since the first valid visit that measured it, then since the previous one. A visit whose
    // test was invalid (retest: the low back lifted) is shown but never compared.
    std::vector<MeasureChange> changes;
    std::vector<Crossing> crossings;
    // The latest visit scored with its changes since the first (unless the two were measured
    // with different devices or by different examiners: then the changes are shown, with a
    // warning, but the decision does not rest on them). Steps done are the latest visit's, which
    // lists every step done so far. With the other leg tested on the same day, next_step and
    // plan are the patient's.
    Assessment latest;
    int next_step = 1;
    std::optional<std::size_t> next_step_row;
    std::vector<int> plan;
    std::string why;  // the reason, with the rule set's {difference:MEASURE}... filled in
    // Both legs triaged together, and the patient's step was chosen by the other leg's course
    // (its changes fill `why`): that leg.
    std::optional<Side> decided_by;
    std::vector<std::string> warnings;
};

// An input that did not become a visit, or a visit that could not be ordered.
struct VisitError {
    std::string origin;     // "row 12" or a file name
    std::uint64_t row = 0;  // CSV record number (0 for a file)
    std::string patient;    // when known
    std::string message;
};

// Fill a decision row's `why` for a course: {first_date}, {latest_date}, and {difference:M},
// {mdc:M}, {from:M}, {to:M} of measure M's change since the first visit ("?" when there is none).
std::string fill_why(std::string_view text, const Course& course);

// Collects visits, then orders, compares and scores them per patient and leg.
class Tracker {
public:
    // Throws RuleError like require_mdc().
    explicit Tracker(const RuleSet& rules);
    ~Tracker();
    Tracker(const Tracker&) = delete;
    Tracker& operator=(const Tracker&) = delete;

    // One leg's visit, its values already read and range-checked (read_field does both).
    // `origin` names where it came from for messages; `row` is its CSV record number (0 for a
    // file). A visit without a patient id, date or side cannot be followed: it becomes an error.
    void add(const Measurements& m, std::string_view origin, std::uint64_t row = 0);
    // add() in two halves, for reading on several threads: prepare() checks and packs a visit
    // on any thread (false, with `error` set, when it cannot be followed); add_prepared() keeps
    // it, on the tracker's own thread, in input order.
    static bool prepare(const Measurements& m, std::string_view origin, std::uint64_t row,
                        PreparedVisit& out, VisitError& error);
    void add_prepared(const PreparedVisit& visit, std::string_view origin = {});
    // A hint that the next add() is likely this patient's: reading a clinic CSV, call it before
    // reading the row's other cells, so that looking the id up costs no wait on memory.
    void prefetch_patient(std::string_view patient) const;
    // An input that could not be read as a visit (a bad value, say), kept for the report.
    void add_error(VisitError error);

    // Orders every patient's visits by date, compares and scores them, and calls `fn` once per
    // patient and leg: patients in the order they first appeared, left before right. Two visits
    // of one leg on the same date with different values both become errors; the same values
    // twice count once, with a warning.
    void finish(const std::function<void(const Course&)>& fn);
    // The same on `jobs` threads, for output: each thread gets its own render function from
    // make_render() and appends each course's text to a block of patients' text with it; `write`
    // gets the blocks' text in the order above, on the calling thread. The text is the same for
    // every number of threads. A block of 64 patients is about 100 KB of CSV, 1.5 MB of JSON:
    // small enough to stay in cache while it is written, and 4 x jobs blocks in flight hold
    // little memory (blocks of 512 doubled the peak memory of JSON output).
    // `patients_per_block` is for tests.
    using Render = std::function<void(const Course&, std::string& out)>;
    void finish(unsigned jobs, const std::function<Render()>& make_render,
                const std::function<void(const std::string&)>& write,
                std::size_t patients_per_block = 64);

    // Every error, in input order (after finish(), also the same-date conflicts).
    const std::vector<VisitError>& errors() const;
    std::uint64_t visits() const;  // visits added (not counting errors)

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

// --- Reading and writing (progress_io.cpp) ------------------------------------------------------

struct CsvOptions {
    char delimiter = ',';
    std::vector<std::pair<std::string, std::string>> map;  // --map FIELD=HEADER
    std::vector<std::string> ignore;                       // --ignore HEADER
    bool decimal_comma = false;
    // The patient and date columns (--patient, --date); empty = "patient" or "patient_id", and
    // "date" or "visit_date".
    std::string patient_column;
    std::string date_column;
    // Bytes of input per chunk read on a thread when jobs > 1 (tests cut records everywhere).
    // As batch's: chunks this small stay in cache and reuse heap buffers, where chunks of a
    // megabyte were fresh mappings the kernel zeroed and copied into every time.
    std::size_t chunk_bytes = std::size_t{64} << 10;
};

// Reads a clinic CSV into `tracker`: the header is mapped as `batch` maps it (map_header, with the
// same refusal of unread measurement columns), each row becomes a visit or an error. Returns the
// data rows read. Throws HeaderError or MapError before reading a row (MapError also when no
// patient or date column is found), std::system_error when reading fails.
// With jobs > 1 the rows are read on that many threads, the visits added in input order: the
// same visits and errors as with one.
std::uint64_t read_csv(const RuleSet& rules, std::istream& in, const CsvOptions& options,
                       Tracker& tracker, unsigned jobs = 1);

enum class Format : std::uint8_t { text, json, csv };

// JSON: {"schema", "ruleset", "patients": [...], "errors": [...]}, written a course at a time.
class JsonOutput {
public:
    JsonOutput(const RuleSet& rules, std::ostream& out, int indent = 2);
    ~JsonOutput();
    JsonOutput(const JsonOutput&) = delete;
    JsonOutput& operator=(const JsonOutput&) = delete;
    void course(const Course& c);
    // For Tracker::finish on several threads: a function that writes courses as course() does,
    // for one thread, and the writing of what those functions wrote, in patient order.
    Tracker::Render render() const;
    void courses(const std::string& text);
    void finish(const std::vector<VisitError>& errors);

private:
    void flush();
    const RuleSet& rules_;
    std::ostream& out_;
    int indent_;
    bool any_course_ = false;
    std::string buffer_;
    std::unique_ptr<json::Writer> writer_holder_;
    json::Writer& writer_;
};

// CSV: one row per patient, leg and visit with its changes; then one row per error.
class CsvOutput {
public:
    CsvOutput(const RuleSet& rules, std::ostream& out, char delimiter = ',');
    ~CsvOutput();
    void course(const Course& c);
    // As JsonOutput's.
    Tracker::Render render() const;
    void courses(const std::string& text);
    void finish(const std::vector<VisitError>& errors);

    struct Impl;

private:
    std::shared_ptr<Impl> impl_;  // shared with the render() functions
};

}  // namespace thomas::progress
