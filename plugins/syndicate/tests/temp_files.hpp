// Test files of one test process, in a folder of its own that is removed when the process
// exits (each test runs as its own process under ctest), so runs leave nothing in /tmp.
#pragma once

#include <unistd.h>

#include <filesystem>
#include <string>
#include <system_error>

namespace syndicate::test {

inline const std::filesystem::path& temp_dir() {
    static const struct Dir {
        std::filesystem::path path =
            std::filesystem::temp_directory_path() / ("syndicate_test_" + std::to_string(::getpid()));
        Dir() { std::filesystem::create_directories(path); }
        ~Dir() {
            std::error_code ec;
            std::filesystem::remove_all(path, ec);
        }
    } dir;
    return dir.path;
}

// A path in that folder: `name` alone, no database left from an earlier test of the process.
inline std::string temp_path(const std::string& name) { return (temp_dir() / name).string(); }

inline std::string fresh_db(const std::string& name) {
    const std::string p = temp_path(name + ".db");
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(p + suffix);
    return p;
}

}  // namespace syndicate::test
