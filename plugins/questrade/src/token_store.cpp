// questrade: atomic, durable refresh-token file (see token_store.hpp for why).
#include "token_store.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace tradehost::questrade {
namespace {

// The file holds one line: the token. Nothing else, so an operator can also seed it by hand.
std::string trim(std::string s) {
    const char* ws = " \t\r\n";
    const auto b = s.find_first_not_of(ws);
    if (b == std::string::npos) return {};
    const auto e = s.find_last_not_of(ws);
    return s.substr(b, e - b + 1);
}

[[noreturn]] void fail(const std::string& what, const std::string& path, int err) {
    throw TokenStoreError(what + " " + path + ": " + std::strerror(err));
}

void write_all(int fd, const std::string& data, const std::string& path) {
    size_t off = 0;
    while (off < data.size()) {
        const ssize_t n = ::write(fd, data.data() + off, data.size() - off);
        if (n < 0) {
            if (errno == EINTR) continue;
            const int err = errno;
            ::close(fd);
            fail("write", path, err);
        }
        off += static_cast<size_t>(n);
    }
}

}  // namespace

bool TokenStore::exists() const {
    std::error_code ec;
    return std::filesystem::exists(path_, ec);
}

std::optional<std::string> TokenStore::load() const {
    if (!exists()) return std::nullopt;
    std::ifstream in(path_, std::ios::binary);
    if (!in) fail("cannot read token file", path_, errno);
    std::stringstream ss;
    ss << in.rdbuf();
    std::string token = trim(ss.str());
    if (token.empty()) throw TokenStoreError("token file " + path_ + " holds no refresh token");
    return token;
}

void TokenStore::save(const std::string& refresh_token) const {
    if (refresh_token.empty()) throw TokenStoreError("refusing to store an empty refresh token");
    const std::filesystem::path target(path_);
    std::filesystem::path dir = target.parent_path();
    if (dir.empty()) dir = ".";
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    if (ec) throw TokenStoreError("cannot create " + dir.string() + ": " + ec.message());

    // A unique temp name in the same folder, so rename() is atomic on the same filesystem.
    std::string tmp = path_ + ".tmp.XXXXXX";
    const int fd = ::mkstemp(tmp.data());
    if (fd < 0) fail("cannot create temp file for", path_, errno);
    if (::fchmod(fd, 0600) != 0) {
        const int err = errno;
        ::close(fd);
        ::unlink(tmp.c_str());
        fail("chmod", tmp, err);
    }
    try {
        write_all(fd, refresh_token + "\n", tmp);
    } catch (...) {
        ::unlink(tmp.c_str());
        throw;
    }
    if (::fsync(fd) != 0) {
        const int err = errno;
        ::close(fd);
        ::unlink(tmp.c_str());
        fail("fsync", tmp, err);
    }
    if (::close(fd) != 0) {
        const int err = errno;
        ::unlink(tmp.c_str());
        fail("close", tmp, err);
    }
    if (::rename(tmp.c_str(), path_.c_str()) != 0) {
        const int err = errno;
        ::unlink(tmp.c_str());
        fail("rename to", path_, err);
    }
    // The rename itself is durable only once the folder's entry is on disk.
    const int dfd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY);
    if (dfd >= 0) {
        const int rc = ::fsync(dfd);
        const int err = errno;
        ::close(dfd);
        if (rc != 0) fail("fsync folder of", path_, err);
    }
}

}  // namespace tradehost::questrade
