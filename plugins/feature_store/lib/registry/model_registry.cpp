// The model registry's folder operations; see model_registry.hpp for the layout.
#include "model_registry.hpp"

#include "registry_error.hpp"
#include "sha256.hpp"

#include <chrono>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace fs = std::filesystem;

namespace tradehost::models {

namespace {

std::string utc_now() {
    const std::time_t t = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf;
}

void check_name(const std::string& name) {
    if (name.empty() || name.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-.") !=
                            std::string::npos || name[0] == '.')
        throw RegistryError("model name '" + name + "': letters, digits, '_', '-' and '.' only");
}

std::string read_text(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

// Write to a temporary file beside `path`, then rename over it: readers see the old or the
// new content, never a torn one.
void write_atomic(const std::string& path, const std::string& text) {
    const std::string tmp = path + ".tmp";
    {
        std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
        out << text;
        out.flush();
        if (!out) throw RegistryError(tmp + ": cannot write");
    }
    std::error_code ec;
    fs::rename(tmp, path, ec);
    if (ec) throw RegistryError(path + ": cannot replace: " + ec.message());
}

}  // namespace

ModelRegistry::ModelRegistry(std::string root) : root_(std::move(root)) {
    if (root_.empty()) throw RegistryError("registry: empty path");
}

std::string ModelRegistry::version_dir(const std::string& name, int64_t version) const {
    return root_ + "/" + name + "/v" + std::to_string(version);
}

int64_t ModelRegistry::add(Manifest m, const std::string& model_file) {
    check_name(m.name);
    const fs::path dir = fs::path(root_) / m.name;
    std::error_code ec;
    fs::create_directories(dir, ec);
    if (ec) throw RegistryError(dir.string() + ": " + ec.message());
    int64_t next = 1;
    for (const auto& e : fs::directory_iterator(dir))
        if (e.is_directory() && e.path().filename().string().rfind('v', 0) == 0)
            next = std::max<int64_t>(next, std::atoll(e.path().filename().string().c_str() + 1) + 1);
    m.version = next;
    m.file = fs::path(model_file).filename().string();
    m.sha256 = sha256_file(model_file);
    if (m.created.empty()) m.created = utc_now();
    const std::string vdir = version_dir(m.name, next);
    fs::create_directory(vdir, ec);
    if (ec) throw RegistryError(vdir + ": " + ec.message());
    fs::copy_file(model_file, vdir + "/" + m.file, ec);
    if (ec) throw RegistryError(vdir + "/" + m.file + ": " + ec.message());
    write_atomic(vdir + "/manifest.json", m.to_json().dump(2) + "\n");
    return next;
}

Manifest ModelRegistry::manifest(const std::string& name, int64_t version) const {
    check_name(name);
    const std::string path = version_dir(name, version) + "/manifest.json";
    if (!fs::exists(path)) throw RegistryError(path + ": no such version");
    nlohmann::json j;
    try {
        j = nlohmann::json::parse(read_text(path));
    } catch (const nlohmann::json::exception& e) {
        throw RegistryError(path + ": " + e.what());
    }
    Manifest m = Manifest::from_json(j, path);
    if (m.name != name || m.version != version)
        throw RegistryError(path + ": names " + m.name + " v" + std::to_string(m.version) + ", not " + name + " v" +
                            std::to_string(version));
    return m;
}

std::string ModelRegistry::verified_path(const Manifest& m) const {
    const std::string path = version_dir(m.name, m.version) + "/" + m.file;
    const std::string sum = sha256_file(path);
    if (sum != m.sha256)
        throw RegistryError(path + ": checksum mismatch: file sha256 " + sum + ", manifest " + m.sha256);
    return path;
}

std::vector<int64_t> ModelRegistry::read_promoted(const std::string& name) const {
    std::vector<int64_t> stack;
    std::istringstream in(read_text(root_ + "/" + name + "/promoted"));
    std::string line;
    while (std::getline(in, line))
        if (!line.empty()) stack.push_back(std::atoll(line.c_str()));
    return stack;
}

void ModelRegistry::write_promoted(const std::string& name, const std::vector<int64_t>& stack) const {
    std::string text;
    for (int64_t v : stack) text += std::to_string(v) + "\n";
    write_atomic(root_ + "/" + name + "/promoted", text);
}

std::optional<int64_t> ModelRegistry::promoted(const std::string& name) const {
    check_name(name);
    const auto stack = read_promoted(name);
    if (stack.empty()) return std::nullopt;
    return stack.back();
}

void ModelRegistry::promote(const std::string& name, int64_t version) {
    verified_path(manifest(name, version));  // refuse a version that would not load
    auto stack = read_promoted(name);
    if (!stack.empty() && stack.back() == version) return;
    stack.push_back(version);
    write_promoted(name, stack);
}

int64_t ModelRegistry::rollback(const std::string& name) {
    check_name(name);
    auto stack = read_promoted(name);
    if (stack.size() < 2) throw RegistryError(name + ": no earlier promoted version to roll back to");
    const int64_t bad = stack.back();
    while (!stack.empty() && stack.back() == bad) stack.pop_back();
    if (stack.empty()) throw RegistryError(name + ": no earlier promoted version to roll back to");
    write_promoted(name, stack);
    return stack.back();
}

std::optional<int64_t> ModelRegistry::refuse(const std::string& name, int64_t bad, const std::string& reason) {
    check_name(name);
    if (fs::exists(version_dir(name, bad))) write_atomic(version_dir(name, bad) + "/refused", reason + "\n");
    auto stack = read_promoted(name);
    if (stack.empty() || stack.back() != bad) return promoted(name);
    while (!stack.empty() && stack.back() == bad) stack.pop_back();
    write_promoted(name, stack);
    return stack.empty() ? std::nullopt : std::optional<int64_t>(stack.back());
}

std::vector<std::string> ModelRegistry::models() const {
    std::vector<std::string> out;
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(root_, ec))
        if (e.is_directory()) out.push_back(e.path().filename().string());
    std::sort(out.begin(), out.end());
    return out;
}

std::vector<VersionInfo> ModelRegistry::list(const std::string& name) const {
    check_name(name);
    std::vector<int64_t> versions;
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(root_ + "/" + name, ec)) {
        const std::string f = e.path().filename().string();
        if (e.is_directory() && f.size() > 1 && f[0] == 'v') versions.push_back(std::atoll(f.c_str() + 1));
    }
    if (versions.empty()) throw RegistryError(root_ + "/" + name + ": no versions");
    std::sort(versions.begin(), versions.end());
    const auto current = promoted(name);
    std::vector<VersionInfo> out;
    for (int64_t v : versions) {
        VersionInfo info{manifest(name, v), current && *current == v, {}};
        const std::string refused = version_dir(name, v) + "/refused";
        if (fs::exists(refused)) {
            info.refused = read_text(refused);
            while (!info.refused.empty() && info.refused.back() == '\n') info.refused.pop_back();
        }
        out.push_back(std::move(info));
    }
    return out;
}

}  // namespace tradehost::models
