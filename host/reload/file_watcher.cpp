#include "reload/file_watcher.hpp"

#include <spdlog/spdlog.h>

#include <chrono>
#include <filesystem>
#include <poll.h>
#include <stdexcept>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <unistd.h>

namespace fs = std::filesystem;

namespace tradehost {

namespace {

int64_t now_ns() {
    return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

std::string key_of(const std::string& dir, const std::string& name) { return dir + "/" + name; }

}  // namespace

FileWatcher::FileWatcher(const std::vector<std::string>& files, int64_t debounce_ns, OnChange on_change)
    : debounce_ns_(debounce_ns), on_change_(std::move(on_change)) {
    fd_ = ::inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
    if (fd_ < 0) throw std::runtime_error("inotify is not available");
    std::map<std::string, int> by_dir;
    for (const auto& f : files) {
        std::error_code ec;
        fs::path abs = fs::absolute(f, ec);
        std::string dir = abs.parent_path().string(), name = abs.filename().string();
        if (!by_dir.count(dir)) {
            int wd = ::inotify_add_watch(fd_, dir.c_str(), IN_CLOSE_WRITE | IN_MOVED_TO | IN_CREATE | IN_ATTRIB);
            if (wd < 0) {
                spdlog::warn("watch: cannot watch {}", dir);
                continue;
            }
            by_dir[dir] = wd;
            dirs_[wd] = dir;
        }
        files_[key_of(dir, name)] = f;
    }
    thread_ = std::thread([this] { loop(); });
}

FileWatcher::~FileWatcher() {
    stop_.store(true);
    if (thread_.joinable()) thread_.join();
    if (fd_ >= 0) ::close(fd_);
}

void FileWatcher::loop() {
    std::map<std::string, int64_t> due;  // path -> when it has been quiet long enough
    alignas(inotify_event) char buf[8192];
    while (!stop_.load()) {
        pollfd p{fd_, POLLIN, 0};
        ::poll(&p, 1, 20);
        ssize_t n;
        while ((n = ::read(fd_, buf, sizeof buf)) > 0) {
            for (char* at = buf; at < buf + n;) {
                auto* ev = reinterpret_cast<inotify_event*>(at);
                at += sizeof(inotify_event) + ev->len;
                auto d = dirs_.find(ev->wd);
                if (d == dirs_.end() || ev->len == 0) continue;
                auto f = files_.find(key_of(d->second, ev->name));
                if (f != files_.end()) due[f->second] = now_ns() + debounce_ns_;  // every write restarts the wait
            }
        }
        const int64_t now = now_ns();
        for (auto it = due.begin(); it != due.end();) {
            if (it->second > now) {
                ++it;
                continue;
            }
            std::string path = it->first;
            it = due.erase(it);
            struct stat st {};
            if (::stat(path.c_str(), &st) != 0 || st.st_size == 0) continue;  // gone or still empty
            on_change_(path);
        }
    }
}

}  // namespace tradehost
