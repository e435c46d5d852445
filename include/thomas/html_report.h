// `thomas report`: one self-contained HTML page (inline CSS and SVG; no script, no network, no
// external font or image) for one test, for a caseload summarised from a clinic CSV, or for
// patients followed across visits. Every page names the rule set, its version and SHA-256, when
// it was made, and that thomas supports a clinician's judgement. All text from input and rule files
// is escaped.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "thomas/batch.h"
#include "thomas/engine.h"
#include "thomas/progress.h"
#include "thomas/ruleset.h"
#include "thomas/test_file.h"

namespace thomas {

struct ReportInfo {
    std::string made;     // when the report was made, as shown ("2026-11-30 13:45 UTC")
    std::string input;    // what it was made from ("examples/both-sides.yaml", "<stdin>")
    std::string version;  // thomas's version
};

// The report of one test (one leg or both): verdict, next step with its advice, the legs drawn
// to scale against the rule set's cut-offs, the criteria, the left-right comparison. Assumes
// the legs passed the range checks (as for `score`).
std::string test_report_html(const RuleSet& rules, const TestFile& test, const ReportInfo& info);

// A caseload built row by row from batch::RowView (BatchOptions::on_row), holding counts and
// fixed-size histograms, so its memory does not grow with the rows (beyond the first rows of
// the lists it keeps, at most k_max_listed each).
class Caseload {
public:
    static constexpr std::size_t k_max_listed = 500;
    explicit Caseload(const RuleSet& rules);
    void add(const batch::RowView& row);

    // One histogram per measure (or derived value) the rule set's numeric criteria read, in
    // steps of k_fine_step over the criterion's range.
    static constexpr double k_fine_step = 0.5;
    struct Distribution {
        Measure measure{};
        std::optional<Measure> minus;
        std::vector<std::size_t> criteria;  // indices of the criteria reading this value
        double start = 0;                   // value at the start of fine[0]
        std::vector<std::uint64_t> fine;
        std::uint64_t count = 0;
        double lo = 0;
        double hi = 0;
    };
    struct Listed {
        std::uint64_t number = 0;
        std::vector<std::string> context;  // the row's unread columns (ids, dates, notes)
        std::optional<Side> side;
        Result result{};
        TissueSet implicated;
        FlagSet flags;
        std::vector<int> plan;
        int next_step = 1;
    };
    const RuleSet& rules() const { return *rules_; }
    std::uint64_t rows = 0;
    std::uint64_t scored = 0;
    std::uint64_t errors = 0;
    std::array<std::uint64_t, 5> per_result{};  // indexed by Result
    std::vector<std::string> context_header;
    std::vector<Distribution> distributions;
    std::vector<Listed> referrals;  // rows whose result (or patient's) is refer, up to the cap
    std::uint64_t referral_count = 0;
    std::vector<std::pair<std::uint64_t, std::string>> error_rows;  // up to the cap

private:
    const RuleSet* rules_;
    std::vector<std::size_t> context_columns_;
    bool header_seen_ = false;
};

// The caseload summary: counts by result, each measure's distribution against its cut-offs,
// the rows that need a referral first (red flags at the top), and the error rows.
std::string caseload_report_html(const Caseload& caseload, const ReportInfo& info);

// The follow-up of patients across visits (`thomas progress`'s courses), one section per patient
// and leg (a printed page each): per judged measure (one with an mdc) a chart of the value over
// the valid visits with the cut-off, the borderline band and the band of the MDC around the
// baseline, each change marked as progress classified it; a table of the visits; the next step
// with its reason and advice; the warnings. Then the inputs that could not be followed.
std::string visits_report_html(const RuleSet& rules, const std::vector<progress::Course>& courses,
                               const std::vector<progress::VisitError>& errors,
                               const ReportInfo& info);

}  // namespace thomas
