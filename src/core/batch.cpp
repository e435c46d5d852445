// Row scoring and output for `thomas batch` (see include/thomas/batch.h for the contract).
//
// The hot path, once per record: the CSV reader hands out views into its buffer, each mapped
// cell goes through the core parsers (parse_degrees etc.) and check_range, a Scorer runs on
// a Measurements and an Assessment that live as long as the run, and the output is appended to
// the csv::Writer's buffer (CSV) or to json_ by a json::Writer (JSONL). Nothing on a well-formed
// row allocates once the reused buffers have grown; bad rows (rare) may allocate and throw, which
// is fine. Every input record gives exactly one output record, whatever is wrong with it.
#include "thomas/batch.h"

#include <fmt/format.h>

#include <cerrno>
#include <charconv>
#include <istream>
#include <ostream>
#include <system_error>

#include "json_report_parts.h"
#include "json_writer.h"
#include "thomas/csv.h"
#include "thomas/engine.h"
#include "thomas/printable.h"

namespace thomas::batch {
namespace {

constexpr std::uint64_t k_progress_every = 8192;

constexpr std::array<std::string_view, 5> k_result_columns = {"result", "implicated", "flags",
                                                              "next_step", "error"};
constexpr std::array<std::string_view, 3> k_ruleset_columns = {"ruleset", "ruleset_version",
                                                               "ruleset_sha256"};

bool blank(std::string_view s) {
    for (const char c : s) {
        if (c != ' ' && c != '\t') {
            return false;
        }
    }
    return true;
}

// The ids of every subset of a small enum joined with ';', indexed by the set's bits, built
// once so a row's lists cost a table look-up.
template <typename E, std::size_t N>
std::array<std::string, (1u << N)> joined_ids() {
    std::array<std::string, (1u << N)> table;
    for (std::size_t bits = 0; bits < table.size(); ++bits) {
        for (std::size_t i = 0; i < N; ++i) {
            if ((bits >> i) & 1u) {
                table[bits] += table[bits].empty() ? "" : ";";
                table[bits] += to_string(static_cast<E>(i));
            }
        }
    }
    return table;
}

class Runner {
public:
    Runner(const RuleSet& rules, std::ostream& out, const BatchOptions& options, ColumnMap map,
           std::span<const std::string_view> header)
        : rules_(rules),
          out_(out),
          options_(options),
          map_(map),
          header_(header.begin(), header.end()),
          writer_(out, options.delimiter, options.safe_spreadsheet) {
        for (std::size_t i = 0; i < k_field_count; ++i) {
            if (map_.column[i]) {
                mapped_.emplace_back(static_cast<Field>(i), *map_.column[i]);
            }
        }
        if (options_.format == Format::jsonl) {
            // JSON object keys must be unique: a repeated header name gets a "_2", "_3"... suffix.
            for (std::size_t i = 0; i < header_.size(); ++i) {
                std::string key = header_[i];
                for (int n = 2; std::find(keys_.begin(), keys_.end(), key) != keys_.end(); ++n) {
                    key = fmt::format("{}_{}", header_[i], n);
                }
                keys_.push_back(std::move(key));
            }
        }
    }

    void write_header() {
        if (options_.format != Format::csv) {
            return;
        }
        for (const auto& h : header_) {
            writer_.field(h);
        }
        for (auto c : k_result_columns) {
            writer_.field(c);
        }
        if (options_.ruleset_columns) {
            for (auto c : k_ruleset_columns) {
                writer_.field(c);
            }
        }
        writer_.end_record();
    }

    void row(const csv::Record& record) {
        ++summary_.rows_read;
        error_.clear();
        record_ = &record;
        const std::size_t width = map_.width;
        const std::size_t found = record.fields.size();
        if (found == width) {
            cells_ = std::span<const std::string_view>(record.fields);
        } else {
            padded_.assign(
                record.fields.begin(),
                record.fields.begin() + static_cast<std::ptrdiff_t>(std::min(found, width)));
            padded_.resize(width);  // a short row is padded with empty cells
            cells_ = padded_;
        }

        if (!record.error.empty()) {
            row_error(record.error);
        } else if (found != width) {
            row_error(fmt::format("expected {} fields, found {}", width, found));
        }
        if (found > width) {
            // Keep the cells that have no column in the message, so nothing is lost.
            std::vector<std::string> extra;
            for (std::size_t i = width; i < found; ++i) {
                extra.push_back(fmt::format("\"{}\"", record.fields[i]));
            }
            error_ += fmt::format("; extra cells: {}", fmt::join(extra, ", "));
        }
        if (error_.empty()) {
            parse_cells();
        }
        if (error_.empty()) {
            scorer_.assess_into(m_, a_);
            ++summary_.rows_scored;
            ++summary_.per_result[static_cast<std::size_t>(a_.result)];
        } else {
            ++summary_.errors;
        }
        options_.format == Format::csv ? write_csv_row() : write_json_row();
    }

    void finish() {
        writer_.flush();
        if (options_.format == Format::jsonl) {
            errno = 0;
            out_.flush();
            check_stream();
        }
    }

    const BatchSummary& summary() const { return summary_; }

private:
    std::string where() const {
        const csv::Record& r = *record_;
        return r.line == r.number ? fmt::format("row {}", r.number)
                                  : fmt::format("row {} (line {})", r.number, r.line);
    }

    void row_error(std::string_view message) { error_ = fmt::format("{}: {}", where(), message); }

    // Cell errors of one row are collected: "row 5, column a: ...; column b: ...".
    void cell_error(std::size_t column, std::string_view message) {
        error_ += error_.empty() ? where() + ", " : std::string("; ");
        error_ += fmt::format("column {}: {}", header_[column], message);
    }

    void parse_cells() {
        m_ = Measurements{};
        const auto knee = map_[Field::knee_flexion];
        const auto interior = map_[Field::knee_angle_interior];
        if (knee && interior && !blank(cells_[*knee]) && !blank(cells_[*interior])) {
            error_ = fmt::format("{}, columns {} and {}: {}", where(), header_[*knee],
                                 header_[*interior], knee_conflict_message());
            return;
        }
        // Each value is range-checked in its own cell, so every bad cell of the row is reported.
        for (const auto& [field, column] : mapped_) {
            const std::string_view cell = cells_[column];
            if (blank(cell)) {
                continue;  // an empty cell is "not measured", never 0
            }
            try {
                read_field(field, cell, m_, &rules_);
            } catch (const InputError& e) {
                cell_error(column, e.what());
            }
        }
        if (!error_.empty()) {
            return;
        }
        if (!m_.has_any_measurement()) {
            row_error("no measurement in this row (every measurement cell is empty)");
        }
    }

    void write_csv_row() {
        if (record_->fields.size() == map_.width) {
            writer_.fields(*record_);  // copied as read when that gives the same bytes
        } else {
            for (const auto cell : cells_) {
                writer_.field(cell);
            }
        }
        if (error_.empty()) {
            writer_.field(thomas::to_string(a_.result));
            writer_.field(tissue_lists_[a_.implicated.bits()]);
            writer_.field(flag_lists_[a_.flags.bits()]);
            char digits[16];
            const auto end = std::to_chars(digits, digits + sizeof digits, a_.next_step).ptr;
            writer_.field(std::string_view(digits, static_cast<std::size_t>(end - digits)));
            writer_.field({});
        } else {
            writer_.field("error");
            for (int i = 0; i < 3; ++i) {
                writer_.field({});
            }
            writer_.field(printable(error_));  // it may quote bytes of a hostile cell
        }
        if (options_.ruleset_columns) {
            writer_.field(rules_.name);
            writer_.field(rules_.version);
            writer_.field(rules_.sha256);
        }
        writer_.end_record();
    }

    // One contract object per row, plus "input": the row's cells under their header names
    // (null for a cell a short row lacks). Written into one buffer reused across rows.
    void write_json_row() {
        json_.clear();
        json::Writer& w = json_writer_;
        w.begin_object();
        if (error_.empty()) {
            write_assessment_members(w, rules_, m_, a_, false, record_->number);
        } else {
            write_error_members(w, rules_, record_->number, printable(error_));
        }
        w.key("input");
        w.begin_object();
        const std::size_t found = record_->fields.size();
        for (std::size_t i = 0; i < cells_.size(); ++i) {
            w.key(keys_[i]);
            i < found ? w.string(cells_[i]) : w.null();
        }
        w.end_object();
        w.end_object();
        json_ += '\n';
        errno = 0;
        out_.write(json_.data(), static_cast<std::streamsize>(json_.size()));
        check_stream();
    }

    void check_stream() const {
        if (out_.bad()) {
            const int error = errno != 0 ? errno : static_cast<int>(std::errc::io_error);
            throw std::system_error(error, std::generic_category(), "batch: write failed");
        }
    }

    const RuleSet& rules_;
    const Scorer scorer_{rules_};  // the conditions compiled once for every row
    std::ostream& out_;
    const BatchOptions& options_;
    ColumnMap map_;
    std::vector<std::string> header_;
    std::vector<std::string> keys_;                      // JSON keys for the input columns
    std::vector<std::pair<Field, std::size_t>> mapped_;  // the fields present, with their column
    csv::Writer writer_;
    const csv::Record* record_ = nullptr;
    std::span<const std::string_view> cells_;  // exactly one per header column
    std::vector<std::string_view> padded_;     // cells_ of a ragged row
    Measurements m_;
    Assessment a_;
    std::string error_;  // the current row's error message; empty = scored
    std::string json_;   // the current JSONL row, its capacity kept across rows
    json::Writer json_writer_{json_};
    const std::array<std::string, 1u << k_tissue_count> tissue_lists_ =
        joined_ids<Tissue, k_tissue_count>();
    const std::array<std::string, 1u << k_flag_count> flag_lists_ =
        joined_ids<Flag, k_flag_count>();
    BatchSummary summary_;
};

}  // namespace

BatchSummary run_batch(const RuleSet& rules, std::istream& in, std::ostream& out,
                       const BatchOptions& options, const ProgressFn& progress) {
    csv::ReaderOptions reader_options;
    reader_options.delimiter = options.delimiter;
    csv::Reader reader(in, reader_options);
    csv::Record record;
    if (!reader.next(record)) {
        throw HeaderError(
            "the input is empty: expected a header row naming the columns (e.g. "
            "side,thigh_angle,knee_flexion)");
    }
    if (!record.error.empty()) {
        throw HeaderError(fmt::format("row 1 (header): {}", record.error));
    }
    const ColumnMap map = map_header(rules, record.fields, options.map);
    Runner runner(rules, out, options, map, record.fields);
    runner.write_header();
    while (reader.next(record)) {
        runner.row(record);
        if (progress && runner.summary().rows_read % k_progress_every == 0) {
            progress(runner.summary().rows_read);
        }
    }
    runner.finish();
    if (progress) {
        progress(runner.summary().rows_read);
    }
    return runner.summary();
}

}  // namespace thomas::batch
