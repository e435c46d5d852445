#include "atomic_output.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <csignal>
#include <cstring>
#include <filesystem>
#include <utility>

#include "thomas/errors.h"
#include "thomas/files.h"

namespace thomas::cli {
namespace {

// The temporary -o file, for the signal handler: SIGINT/SIGTERM/SIGHUP would otherwise end the
// process without running destructors and leave it behind. Fixed storage: a handler may only
// call async-signal-safe functions (unlink, signal, raise), so no std::string here.
char g_pending_temp[4096] = {};

void remove_temp_and_die(int sig) {
    if (g_pending_temp[0] != '\0') {
        ::unlink(g_pending_temp);
    }
    std::signal(sig, SIG_DFL);
    std::raise(sig);
}

}  // namespace

AtomicOutput::AtomicOutput(const std::string& path) : path_(path) {
    struct stat st {};
    if (::stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode)) {
        throw OutputError(fmt::format("-o {}", is_directory(path)));
    }
    if (::stat(path.c_str(), &st) == 0 && !S_ISREG(st.st_mode)) {
        // A device or a pipe (/dev/null, /dev/stdout, a FIFO): write to it directly, since
        // renaming over it would replace the device node with a plain file.
        fd_ = ::open(path.c_str(), O_WRONLY | O_CLOEXEC);
        if (fd_ < 0) {
            throw OutputError(fmt::format("-o {}", cannot_open(path, errno)));
        }
        direct_ = true;
        return;
    }
    const std::filesystem::path target(path);
    const auto dir = target.has_parent_path() ? target.parent_path() : ".";
    temp_ = (dir / fmt::format(".{}.tmp-XXXXXX", target.filename().string())).string();
    fd_ = ::mkstemp(temp_.data());
    if (fd_ < 0) {
        throw OutputError(
            fmt::format("cannot create {}: cannot create a temporary file in "
                        "{}: {}",
                        path, dir.string(), std::strerror(errno)));
    }
    if (temp_.size() < sizeof g_pending_temp) {
        std::memcpy(g_pending_temp, temp_.c_str(), temp_.size() + 1);
        for (int sig : {SIGINT, SIGTERM, SIGHUP}) {
            std::signal(sig, remove_temp_and_die);
        }
    }
}

AtomicOutput::~AtomicOutput() {
    if (fd_ >= 0) {
        ::close(fd_);
    }
    if (!committed_ && !direct_) {
        ::unlink(temp_.c_str());
    }
    g_pending_temp[0] = '\0';
}

void AtomicOutput::commit() {
    if (direct_) {
        const int fd = std::exchange(fd_, -1);
        if (::close(fd) != 0) {
            throw OutputError(fmt::format("cannot write {}: {}", path_, std::strerror(errno)));
        }
        return;
    }
    const mode_t mask = ::umask(0);
    ::umask(mask);
    if (::fchmod(fd_, 0666 & ~mask) != 0 || ::fsync(fd_) != 0 || ::close(fd_) != 0) {
        fd_ = -1;
        throw OutputError(fmt::format("cannot write {}: {}", path_, std::strerror(errno)));
    }
    fd_ = -1;
    if (::rename(temp_.c_str(), path_.c_str()) != 0) {
        throw OutputError(fmt::format("cannot create {}: {}", path_, std::strerror(errno)));
    }
    g_pending_temp[0] = '\0';  // after the rename: a late signal then unlinks nothing
    committed_ = true;
}

}  // namespace thomas::cli
