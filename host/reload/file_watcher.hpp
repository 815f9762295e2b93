// Watches files with inotify and reports each one that changed, once, after it has been
// quiet for a debounce interval: a linker writing a library in pieces triggers one report,
// after the file is complete.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <thread>
#include <vector>

namespace tradehost {

class FileWatcher {
public:
    using OnChange = std::function<void(const std::string& path)>;
    /// Watch `files` (their folders, since a rebuild may replace the file). Throws
    /// std::runtime_error if inotify is unavailable.
    FileWatcher(const std::vector<std::string>& files, int64_t debounce_ns, OnChange on_change);
    ~FileWatcher();
    FileWatcher(const FileWatcher&) = delete;
    FileWatcher& operator=(const FileWatcher&) = delete;

private:
    void loop();

    int fd_ = -1;
    int64_t debounce_ns_;
    OnChange on_change_;
    std::map<int, std::string> dirs_;                  // watch descriptor -> folder
    std::map<std::string, std::string> files_;         // "folder/name" -> path as given
    std::atomic<bool> stop_{false};
    std::thread thread_;
};

}  // namespace tradehost
