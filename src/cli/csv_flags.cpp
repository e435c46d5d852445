// The flags of a clinic CSV shared by `batch` and `report --csv`.
#include "csv_flags.h"

#include <fmt/format.h>

#include <CLI/CLI.hpp>

#include "app.h"

namespace thomas::cli {
namespace {

char parse_delimiter(const std::string& text) {
    if (text == "\\t" || text == "tab" || text == "TAB" || text == "\t") {
        return '\t';
    }
    if (text.size() == 1 && static_cast<unsigned char>(text[0]) < 0x80 && text[0] != '"' &&
        text[0] != '\r' && text[0] != '\n') {
        return text[0];
    }
    throw UsageError(fmt::format(
        "--delimiter \"{}\": expected one ASCII character other than a quote or a line break "
        "(e.g. , or ; or tab)",
        text));
}

std::vector<std::pair<std::string, std::string>> parse_map(const std::vector<std::string>& items) {
    std::vector<std::pair<std::string, std::string>> out;
    for (const auto& item : items) {
        const auto eq = item.find('=');
        if (eq == std::string::npos || eq == 0 || eq + 1 == item.size()) {
            throw UsageError(fmt::format(
                "--map \"{}\": expected FIELD=HEADER, e.g. --map \"thigh_angle=Hip ext (deg)\"",
                item));
        }
        out.emplace_back(item.substr(0, eq), item.substr(eq + 1));
    }
    return out;
}

}  // namespace

void add_csv_read_options(CLI::App& cmd, CsvReadFlags& flags) {
    cmd.add_option("--delimiter", flags.delimiter,
                   "Field separator of the input (and CSV output): , ; or tab (default ,)");
    // One FIELD=HEADER per flag, the flag repeated for more: CLI11 would otherwise show a
    // vector option as "TEXT ..." (several values after one flag).
    cmd.add_option("--map", flags.map,
                   "Read FIELD from the column named HEADER; repeat the flag for more columns")
        ->type_name("FIELD=HEADER")
        ->expected(1)
        ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
    cmd.add_option("--ignore", flags.ignore,
                   "Leave the column named HEADER unread, though its name looks like a "
                   "measurement; repeat the flag for more columns")
        ->type_name("HEADER")
        ->expected(1)
        ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
    cmd.add_flag("--decimal-comma", flags.decimal_comma,
                 "Read angles written with a decimal comma (72,5); a decimal point is then an "
                 "error");
}

void add_patient_option(CLI::App& cmd, CsvReadFlags& flags) {
    cmd.add_option("--patient", flags.patient,
                   "Column holding the patient id: two consecutive rows of one patient with "
                   "different sides are triaged together (the patient's next step on both)")
        ->type_name("COLUMN")
        ->check([](const std::string& column) {
            return column.empty() ? std::string("expected a column name from the header")
                                  : std::string();
        });
}

void apply_csv_read_flags(const CsvReadFlags& flags, batch::BatchOptions& options) {
    options.delimiter = parse_delimiter(flags.delimiter);
    options.patient_column = flags.patient;
    options.map = parse_map(flags.map);
    options.ignore = flags.ignore;
    options.decimal_comma = flags.decimal_comma;
    if (options.decimal_comma && options.delimiter == ',') {
        throw UsageError(
            "--decimal-comma needs another field separator than ',' (e.g. --delimiter ';'): an "
            "unquoted 72,5 would be read as two cells");
    }
}

void rethrow_map_error(const std::string& in_name, const batch::MapError& e) {
    const std::string_view message = e.what();
    throw UsageError(message.starts_with("row 1") ? fmt::format("{}: {}", in_name, message)
                                                  : std::string(message));
}

void rethrow_header_error(const std::string& in_name, const batch::HeaderError& e) {
    throw DataError(fmt::format("{}: {}", in_name, e.what()));
}

}  // namespace thomas::cli
