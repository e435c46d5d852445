// The flags that say how to read a clinic CSV (--delimiter, --map, --ignore, --decimal-comma,
// --patient), shared by `batch` and `report --csv` so both read an export the same way.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "thomas/batch.h"

namespace CLI {
class App;
}  // namespace CLI

namespace thomas::cli {

struct CsvReadFlags {
    std::string delimiter = ",";
    std::vector<std::string> map;
    std::vector<std::string> ignore;
    bool decimal_comma = false;
    std::string patient;
};

// --delimiter, --map, --ignore and --decimal-comma.
void add_csv_read_options(CLI::App& cmd, CsvReadFlags& flags);
// --patient COLUMN.
void add_patient_option(CLI::App& cmd, CsvReadFlags& flags);

// Puts the flags into `options`. Throws UsageError for a bad --delimiter or --map, or
// --decimal-comma with ',' as the separator.
void apply_csv_read_flags(const CsvReadFlags& flags, batch::BatchOptions& options);

// Calls `run` (which calls batch::run_batch) and turns the header's errors into the CLI's:
// MapError a usage error (64), HeaderError a data error (65), each naming `in_name`.
template <typename Run>
auto with_header_errors(const std::string& in_name, Run&& run) -> decltype(run());
[[noreturn]] void rethrow_map_error(const std::string& in_name, const batch::MapError& e);
[[noreturn]] void rethrow_header_error(const std::string& in_name, const batch::HeaderError& e);

template <typename Run>
auto with_header_errors(const std::string& in_name, Run&& run) -> decltype(run()) {
    try {
        return run();
    } catch (const batch::MapError& e) {
        rethrow_map_error(in_name, e);
    } catch (const batch::HeaderError& e) {
        rethrow_header_error(in_name, e);
    }
}

}  // namespace thomas::cli
