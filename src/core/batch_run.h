// Internal to the core: what run_batch shares with its parallel driver (batch_parallel.cpp).
// A Runner scores records and writes their output rows; one run may use several, one per
// thread, all built from the same RunSetup.
#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "thomas/batch.h"
#include "thomas/csv.h"

namespace thomas::batch::detail {

// What every Runner of one run shares.
struct RunSetup {
    const RuleSet& rules;
    const BatchOptions& options;
    ColumnMap map;
    std::vector<std::string> header;
    std::optional<std::size_t> patient;  // --patient's column
    // False with --first-row but no --first-line: a partition does not know its lines, so
    // messages name the row only.
    bool line_numbers = true;
};

class Runner;

// Scores records into one output stream; not thread-safe (one per thread).
class RowScorer {
public:
    RowScorer(const RunSetup& setup, std::ostream& out);
    ~RowScorer();
    RowScorer(const RowScorer&) = delete;
    RowScorer& operator=(const RowScorer&) = delete;

    // Writes the CSV header row (nothing for JSON Lines).
    void write_header();
    // The output continues an earlier one: no BOM quoting at its start (see csv::Writer).
    void continue_output();
    // Scores every record `reader` gives, writes the rows and flushes them to the stream;
    // returns the counts of this call. Fails like run_batch.
    BatchSummary score(csv::Reader& reader, const ProgressFn& progress = {});
    // Hands what is buffered to the stream and flushes it; fails like run_batch.
    void finish();

private:
    std::unique_ptr<Runner> runner_;
};

void add(BatchSummary& to, const BatchSummary& from);

// Scores what follows the header (what `reader` has not parsed, then the rest of `in`) on
// `jobs` threads and writes the rows to `out` in input order, byte for byte what one RowScorer
// would write after the header, which this also writes. Fails like run_batch.
BatchSummary run_parallel(const RunSetup& setup, unsigned jobs, csv::Reader& reader,
                          std::istream& in, std::ostream& out, const ProgressFn& progress);

}  // namespace thomas::batch::detail
