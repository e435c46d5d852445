// The in-memory form of a rule file: measures, criteria, findings, programme and the
// decision table that picks the plan. Built by the rule loader (rule_loader.h); read by
// the engine (engine.h) and the renderers. Plain data: no behaviour beyond look-ups.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "thomas/ids.h"
#include "thomas/measurements.h"

namespace thomas {

// Where something was declared in its rule file (1-based; 0 = unknown).
struct SourcePos {
    int line = 0;
    int column = 0;
};

struct MeasureDef {
    Measure id{};
    bool declared = false;  // false if the rule file does not use this measure
    std::string label;
    std::string unit;  // "deg" for angles, "" for yes/no
    double min = 0;    // plausible range; values outside it are rejected, not clamped
    double max = 0;
    std::vector<std::string> aliases;  // extra CSV header names (matched case-insensitively)
    std::optional<double> asymmetry;   // left-right difference worth a note
    std::vector<std::string> sources;
    // Between two visits: the smallest real change (MDC95) and which way is better; both or
    // neither. `thomas progress` needs them for every angle measure, or `mdc: none` for one whose
    // change is shown but not judged (no reliability data). With `mdc_minus`, the change is
    // judged on this measure minus that one (the knee against the thigh, as the criteria read it).
    std::optional<double> mdc;
    std::optional<Better> better;
    std::optional<Measure> mdc_minus;
    bool mdc_none = false;
    std::vector<std::string> mdc_sources;
};

// A half-open interval [min, max) of a measure with the status it gives. The last band
// of a criterion also includes its max. Missing bounds mean the measure's plausible range.
struct Band {
    Status status{};
    double min = 0;
    double max = 0;
    std::string message;
    SourcePos pos;
};

struct Criterion {
    std::string id;
    std::string title;
    Measure measure{};
    // Derived criteria (`minus:`): the value is measure - minus, e.g. Kendall's coupling of
    // knee flexion and thigh angle; not measured if either is missing.
    std::optional<Measure> minus;
    std::optional<double> asymmetry;  // derived criteria: left-right difference worth a note
    double range_min = 0;             // the values the bands tile: the measure's range, or the
    double range_max = 0;             // criterion's own `range:` for a derived value
    std::optional<double> cutoff;     // the literature cut-off the bands are built around
    std::vector<Band> bands;          // sorted by min; numeric criteria only
    bool boolean = false;             // yes/no criterion: pass_when decides
    bool pass_when = true;
    std::string message_pass;  // boolean criteria: messages per outcome
    std::string message_fail;
    std::string message_not_measured;
    std::vector<std::string> sources;
    SourcePos pos;
};

// A condition over criterion statuses, pain answers, earlier findings, measured values and
// the request. Decision rows may also test the patient (both legs together) and the plan.
struct Condition {
    enum class Kind : std::uint8_t {
        all,
        any,
        negate,
        criterion,
        pain,
        red_flag,
        finding,
        result,
        persists,
        value,      // a measured value (or the difference of two) above or below a bound
        patient,    // the one child, over the facts of either leg (decision rows only)
        plan_done,  // the rows before have planned no step that is not done (decision rows only)
        change,     // a measure's change since the first visit (decision rows; `progress` only)
    };
    Kind kind = Kind::all;
    std::vector<Condition> children;  // all / any / negate / patient (one child)
    std::size_t index = 0;            // criterion or finding index
    StatusSet statuses;               // criterion: any of these
    PainSet pains;                    // pain: any of these
    RedFlagSet red_flags;             // red_flag: any of these
    ResultSet results;                // result: any of these
    ChangeSet changes;                // change: `measure` changed in any of these ways
    // value: holds when `measure` (minus `minus`, if given) is measured and lies above `above`
    // or below `below`; not measured never holds.
    Measure measure{};
    std::optional<Measure> minus;
    std::optional<double> above;
    std::optional<double> below;
    SourcePos pos;  // where the condition was written (for analysis)
};

struct Finding {
    std::string id;
    std::string title;
    Condition when;
    std::optional<Result> result;  // the result this finding raises, if any
    TissueSet implicates;
    FlagSet flags;
    std::string note;
    std::vector<std::string> sources;
    SourcePos pos;
};

struct Step {
    int number = 0;
    std::string title;
    std::string advice;
    // A step for the whole patient (e.g. ruling out pathology): with two legs it counts as done
    // only when it is done on both.
    bool patient = false;
    std::vector<std::string> sources;
    SourcePos pos;
};

// One row of the decision table. Rows are read in order; every matching row appends its
// steps (minus those done, unless `even_if_done`) to the plan; a matching `final` row ends
// the table.
struct DecisionRow {
    std::string id;
    Condition when;
    std::vector<int> steps;
    std::string why;
    bool final = false;
    bool even_if_done = false;  // e.g. an invalid test is repeated whatever was done before
    std::vector<std::string> sources;
    SourcePos pos;
};

// How text output announces a result (rule file `headlines:`). The first row whose result
// matches and whose conditions hold gives the line, with {tissues} and {flags} filled in; the
// words before its first ':' are the label shown in the result's colour.
struct Headline {
    Result result{};
    std::optional<Flag> flag;     // only when this flag is raised
    std::optional<int> planned;   // only when the plan holds this step
    std::optional<bool> tissues;  // only when some tissue is (true) or none is (false) implicated
    std::string text;
    SourcePos pos;
};

// What `progress` adds to its warning when two compared visits differ in how they were measured
// (rule file `follow_up:`): the caution, with its source. Empty = the bare fact.
struct FollowUp {
    std::string different_devices;
    std::string different_examiners;
    std::vector<std::string> sources;
};

struct Source {
    std::string id;
    std::string citation;
};

struct Example {
    std::string name;
    Measurements input;
    // A follow-up case instead of `input`: one leg's visits, followed as `progress` does; the
    // expectations then describe the latest visit.
    std::vector<Measurements> visits;
    std::vector<std::pair<Measure, Change>> changes;  // since the first visit, to the latest
    std::optional<Result> result;
    std::optional<std::vector<Tissue>> implicated;
    std::optional<std::vector<Flag>> flags;
    std::optional<int> next_step;
    std::optional<std::vector<int>> plan;
    std::vector<std::pair<std::string, Status>> criteria;  // criterion id -> expected status
    std::optional<std::vector<std::string>> findings;      // finding ids that must match
    SourcePos pos;
};

struct RuleSet {
    int schema = 0;
    std::string name;
    std::string version;
    std::string title;
    std::string description;
    std::string procedure;              // id, e.g. "hanging_leg"
    std::string procedure_description;  // how the test is done under these thresholds
    std::string sha256;                 // of the rule text exactly as loaded
    std::string origin;                 // file path, or "embedded:NAME"
    std::vector<Source> sources;
    std::array<MeasureDef, k_measure_count> measures{};
    std::vector<Criterion> criteria;
    std::vector<Finding> findings;
    std::array<Step, k_step_count> steps{};  // steps[n-1] is step n
    std::vector<DecisionRow> decision;
    int complete_step = 1;  // next step once every planned step is done
    std::string complete_why;
    std::vector<Example> examples;
    Vocabulary vocabulary;  // synonyms of words and header words, by language (may be empty)
    std::vector<Headline> headlines;  // may be empty: text output then shows the bare ids
    FollowUp follow_up;               // may be empty: progress then states only the facts

    const MeasureDef& measure(Measure m) const { return measures[static_cast<std::size_t>(m)]; }
    const Step& step(int number) const { return steps[static_cast<std::size_t>(number - 1)]; }
    // Full citation for a source id, or the id itself if unknown.
    const std::string& citation(const std::string& source_id) const;
};

}  // namespace thomas
