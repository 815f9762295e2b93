// Each plugin's README documents every config key and port its schema declares, so the
// docs cannot drift from the spec the host checks.
#include "test_util.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <string>

using namespace tradehost;

namespace {
// Plugins built in another plugin's folder: name -> folder.
const std::map<std::string, std::string> kSharedFolders = {{"cuda_features", "cuda_accel"}};
}  // namespace

TEST(PluginDocs, EveryReadmeListsEveryKeyAndPort) {
    Registry reg;
    reg.scan({PLUGIN_DIR});
    if (reg.plugins().empty() && !TRADEHOST_ALL_PLUGINS) GTEST_SKIP() << "no plugins built";
    ASSERT_FALSE(reg.plugins().empty());
    EXPECT_TRUE(reg.failures().empty()) << reg.failures().front().reason;
    for (const auto& [name, lib] : reg.plugins()) {
        std::string path = std::string(SOURCE_DIR) + "/plugins/" + name + "/README.md";
        std::string doc;
        if (std::filesystem::exists(path)) {
            doc = test::read_file(path);
        } else {
            // A plugin built in another plugin's folder is documented there, in a part of its
            // own that starts with the heading `# NAME` and runs to the file's end.
            const auto host = kSharedFolders.find(name);
            ASSERT_NE(host, kSharedFolders.end()) << path;
            path = std::string(SOURCE_DIR) + "/plugins/" + host->second + "/README.md";
            const std::string all = test::read_file(path);
            const size_t at = all.find("\n# " + name + "\n");
            ASSERT_NE(at, std::string::npos) << path << " has no '# " << name << "' part";
            doc = all.substr(at);
        }
        for (const auto& f : lib->fields())
            EXPECT_NE(doc.find("`" + std::string(f.key) + "`"), std::string::npos) << name << ": config key " << f.key;
        for (const auto& p : lib->ports())
            EXPECT_NE(doc.find("`" + std::string(p.name) + "`"), std::string::npos) << name << ": port " << p.name;
    }
}
