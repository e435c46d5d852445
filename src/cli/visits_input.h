// Reading visits for `thomas progress` and `thomas report --visits`: test files
// (each leg of each file one visit) or a CSV of one row per visit and leg, into a
// progress::Tracker. Shared so both commands read the same input the same way.
#pragma once

#include <string>
#include <vector>

#include "csv_flags.h"
#include "thomas/progress.h"
#include "thomas/ruleset.h"

namespace thomas::cli {

// The CSV reading options from the shared CSV flags and the --patient/--date columns. Throws
// UsageError for a bad --delimiter or --map, as apply_csv_read_flags does.
progress::CsvOptions visits_csv_options(const CsvReadFlags& flags, const std::string& patient,
                                        const std::string& date);

// Test files: a file that cannot be read as a test is an error of its own in `tracker`, and
// the others are still followed.
void read_visit_files(const RuleSet& rules, const std::vector<std::string>& files,
                      progress::Tracker& tracker);

// A CSV file or "-" (stdin). Throws FileError (66) when it cannot be opened or read, and the
// CLI's usage or data errors for a bad header (with_header_errors).
void read_visits_csv(const RuleSet& rules, const std::string& path,
                     const progress::CsvOptions& options, progress::Tracker& tracker,
                     unsigned jobs = 1);

}  // namespace thomas::cli
