// The words some options and arguments accept: one table each, read both by the command that
// checks the value (CLI::IsMember) and by the completion scripts that offer it, so the two
// cannot drift apart.
#pragma once

#include <string>
#include <vector>

namespace thomas::cli {

// score and ask: --format.
inline const std::vector<std::string> k_output_formats{"text", "json"};
// batch: --format.
inline const std::vector<std::string> k_batch_formats{"csv", "jsonl"};
// progress: --format.
inline const std::vector<std::string> k_progress_formats{"text", "json", "csv"};
// completion: the shell argument.
inline const std::vector<std::string> k_shells{"bash", "zsh", "fish"};

}  // namespace thomas::cli
