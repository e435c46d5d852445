// The -o file of `thomas batch`: written under a temporary name in the same folder and renamed
// over the target only when everything succeeded, so a clinic's file is either the old one or
// the complete new one, never a partial one.
#pragma once

#include <string>

namespace thomas::cli {

// The -o file: written under a temporary name in the same folder, renamed over the target only
// when everything succeeded; on any failure the temporary file is removed (destructor, or the
// signal handler above when interrupted).
class AtomicOutput {
public:
    // Throws OutputError when the target is a directory or no temporary file can be created.
    explicit AtomicOutput(const std::string& path);
    ~AtomicOutput();
    AtomicOutput(const AtomicOutput&) = delete;
    AtomicOutput& operator=(const AtomicOutput&) = delete;

    int fd() const { return fd_; }

    // Makes the data durable, gives the file the usual permissions and moves it into place.
    // Throws OutputError.
    void commit();

private:
    std::string path_;
    std::string temp_;
    int fd_ = -1;
    bool committed_ = false;
    bool direct_ = false;  // not a regular file (a device, a pipe): written in place
};

}  // namespace thomas::cli
