#include "test_util.hpp"

#include <sqlite3.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <sys/wait.h>
#include <unistd.h>

namespace fs = std::filesystem;

namespace tradehost::test {

TempDir::TempDir() {
    std::string tmpl = (fs::temp_directory_path() / "tradehost-test-XXXXXX").string();
    if (!::mkdtemp(tmpl.data())) std::abort();
    path_ = tmpl;
}

TempDir::~TempDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
}

std::string TempDir::write(const std::string& name, const std::string& content) const {
    std::string p = path_ + "/" + name;
    fs::create_directories(fs::path(p).parent_path());
    std::ofstream(p) << content;
    return p;
}

Registry& test_registry() {
    static Registry reg = [] {
        Registry r;
        r.scan({TEST_PLUGIN_DIR, PLUGIN_DIR});
        return r;
    }();
    return reg;
}

Checked check_config(const std::string& path) {
    Checked c;
    c.dep = load_deployment(path, c.diags);
    if (c.diags.ok()) c.plan = build_plan(c.dep, test_registry(), c.diags);
    return c;
}

std::string read_file(const std::string& path) {
    std::ifstream f(path);
    std::stringstream ss;
    ss << f.rdbuf();
    return ss.str();
}

CliResult run_cli(const std::string& args, const std::string& env) {
    TempDir tmp;
    std::string out = tmp.path() + "/out", err = tmp.path() + "/err";
    std::string cmd = env + " " + std::string(TRADEHOST_EXE) + " " + args + " >" + out + " 2>" + err;
    int rc = std::system(cmd.c_str());
    CliResult r;
    r.code = WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
    r.out = read_file(out);
    r.err = read_file(err);
    return r;
}

long long metric(const std::string& text, const std::string& series) {
    std::istringstream in(text);
    std::string line;
    while (std::getline(in, line))
        if (line.rfind(series + " ", 0) == 0) return std::stoll(line.substr(series.size() + 1));
    return -1;
}

bool have_plugin(const std::string& name) { return fs::exists(std::string(PLUGIN_DIR) + "/th_" + name + ".so"); }

// Every row of `sql` on the journal `db` (read-only), each column as text ("NULL" for null).
std::vector<std::vector<std::string>> query(const std::string& db, const std::string& sql) {
    sqlite3* h = nullptr;
    std::vector<std::vector<std::string>> rows;
    if (sqlite3_open_v2(db.c_str(), &h, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
        sqlite3_close(h);  // a failed open still allocates a handle (a journal not made yet)
        return rows;
    }
    sqlite3_stmt* st = nullptr;
    if (sqlite3_prepare_v2(h, sql.c_str(), -1, &st, nullptr) == SQLITE_OK) {
        while (sqlite3_step(st) == SQLITE_ROW) {
            std::vector<std::string> row;
            for (int i = 0; i < sqlite3_column_count(st); ++i) {
                const unsigned char* t = sqlite3_column_text(st, i);
                row.push_back(t ? reinterpret_cast<const char*>(t) : "NULL");
            }
            rows.push_back(row);
        }
    }
    sqlite3_finalize(st);
    sqlite3_close(h);
    return rows;
}

int spawn_run(const std::string& config, const std::string& log) {
    const pid_t pid = ::fork();
    if (pid == 0) {
        FILE* f = std::freopen(log.c_str(), "a", stdout);
        (void)f;
        ::dup2(STDOUT_FILENO, STDERR_FILENO);
        ::execl(TRADEHOST_EXE, TRADEHOST_EXE, "run", config.c_str(), static_cast<char*>(nullptr));
        ::_exit(127);
    }
    return pid;
}

}  // namespace tradehost::test
