// A shipped deployment (config/NAME.yaml) run end to end by a plugin's test: copied into a
// scratch folder with its journal and log moved there and its data paths made absolute,
// anything else the test shortens replaced; then the journal's rows read back. One copy of
// what every deployment test needs, so each test says only what its deployment does.
#pragma once

#include "double/host_process.hpp"

#include <gtest/gtest.h>
#include <sqlite3.h>
#include <stdlib.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>
#include <utility>
#include <vector>

namespace tradehost::doubles {

inline std::string replace_all(std::string s, const std::string& from, const std::string& to) {
    for (size_t i = 0; (i = s.find(from, i)) != std::string::npos; i += to.size()) s.replace(i, from.size(), to);
    return s;
}

/// A fresh folder under the temporary directory, removed with everything in it when this
/// goes out of scope.
class ScratchDir {
public:
    explicit ScratchDir(const std::string& prefix) {
        std::string t = (std::filesystem::temp_directory_path() / (prefix + "_XXXXXX")).string();
        if (::mkdtemp(t.data())) path_ = t;
        EXPECT_FALSE(path_.empty()) << "mkdtemp " << t;
    }
    ~ScratchDir() {
        std::error_code ec;
        if (!path_.empty()) std::filesystem::remove_all(path_, ec);
    }
    ScratchDir(const ScratchDir&) = delete;
    ScratchDir& operator=(const ScratchDir&) = delete;
    const std::string& path() const { return path_; }

private:
    std::string path_;
};

/// `key: var/...` (the value, up to a space, comma, brace or the line's end) becomes `key: to`.
inline std::string replace_var_value(std::string s, const std::string& key, const std::string& to) {
    const std::string from = key + ": var/";
    for (size_t i = 0; (i = s.find(from, i)) != std::string::npos;) {
        if (i > 0 && s[i - 1] != ' ' && s[i - 1] != '\n' && s[i - 1] != '{') {  // another key ending so
            i += from.size();
            continue;
        }
        const size_t start = i + key.size() + 2;
        size_t end = s.find_first_of(" ,}\n", start);
        if (end == std::string::npos) end = s.size();
        s.replace(start, end - start, to);
        i = start + to.size();
    }
    return s;
}

/// Writes `source_dir`/config/`name`.yaml to `dir`/`name`.yaml with its journal at
/// `dir`/journal.db, its log file at `dir`/`name`.log, its `plugins/...` data paths absolute,
/// its operator API off (unless it configures one), then each of `extra` (from, to) replaced
/// in order. Returns the copy's path.
inline std::string copy_deployment(const std::string& source_dir, const std::string& name, const std::string& dir,
                                   const std::vector<std::pair<std::string, std::string>>& extra = {}) {
    std::string yaml = slurp(source_dir + "/config/" + name + ".yaml");
    EXPECT_FALSE(yaml.empty()) << source_dir << "/config/" << name << ".yaml";
    yaml = replace_var_value(yaml, "journal", dir + "/journal.db");
    yaml = replace_var_value(yaml, "file", dir + "/" + name + ".log");
    yaml = replace_all(yaml, ": plugins/", ": " + source_dir + "/plugins/");
    // The operator API off unless the deployment sets it: every deployment's default port is
    // the same, and tests run side by side.
    if (yaml.find("\n  api:") == std::string::npos) {
        const size_t host = yaml.rfind("host:\n", 0) == 0 ? 0 : yaml.find("\nhost:\n");
        EXPECT_NE(host, std::string::npos) << name << ".yaml has no host section";
        if (host != std::string::npos) yaml.insert(yaml.find('\n', host + 1) + 1, "  api:\n    enabled: false\n");
    }
    for (const auto& [from, to] : extra) {
        EXPECT_NE(yaml.find(from), std::string::npos) << name << ".yaml no longer has '" << from << "'";
        yaml = replace_all(yaml, from, to);
    }
    const std::string path = dir + "/" + name + ".yaml";
    std::ofstream(path) << yaml;
    return path;
}

/// The rows `sql` selects from the journal at `db_path`, each as "col|col|...|".
inline std::vector<std::string> journal_rows(const std::string& db_path, const std::string& sql) {
    std::vector<std::string> rows;
    sqlite3* db = nullptr;
    EXPECT_EQ(sqlite3_open_v2(db_path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK) << db_path;
    sqlite3_stmt* st = nullptr;
    EXPECT_EQ(sqlite3_prepare_v2(db, sql.c_str(), -1, &st, nullptr), SQLITE_OK) << sqlite3_errmsg(db) << ": " << sql;
    while (st && sqlite3_step(st) == SQLITE_ROW) {
        std::string row;
        for (int c = 0; c < sqlite3_column_count(st); ++c) {
            const unsigned char* t = sqlite3_column_text(st, c);
            row += t ? reinterpret_cast<const char*>(t) : "NULL";
            row += '|';
        }
        rows.push_back(row);
    }
    sqlite3_finalize(st);
    sqlite3_close(db);
    return rows;
}

/// The integer `sql` selects (a count), or -1 when it selects nothing.
inline int64_t journal_count(const std::string& db_path, const std::string& sql) {
    const auto rows = journal_rows(db_path, sql);
    return rows.empty() ? -1 : std::stoll(rows.front());
}

/// Runs `tradehost args...` with its output in `log`; its exit code, the output in `out`.
inline int run_host(const char* exe, const std::vector<std::string>& args, const std::string& log, std::string& out) {
    const int rc = wait_exit(spawn_host(exe, args, log));
    out = slurp(log);
    return rc;
}

}  // namespace tradehost::doubles
