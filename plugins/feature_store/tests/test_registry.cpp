// The model registry: versions, manifests, checksum refusal, promote and rollback.
#include "registry/model_registry.hpp"
#include "registry/registry_error.hpp"
#include "registry/sha256.hpp"
#include "scratch_dir.hpp"

#include <gtest/gtest.h>

#include <fstream>

using namespace tradehost::models;
using feature_store_test::ScratchDir;

namespace {

Manifest manifest(const std::string& name) {
    Manifest m;
    m.name = name;
    m.objective = "binary:logistic";
    m.features = {"a", "b"};
    m.schema_text = "a,b;v1";
    m.label_mapping = {{"down", 0}, {"up", 1}};
    m.class_order = {"down", "up"};
    m.output_min = 0;
    m.output_max = 1;
    return m;
}

std::string write(const std::string& path, const std::string& text) {
    std::ofstream(path) << text;
    return path;
}

std::string error_of(const std::function<void()>& f) {
    try {
        f();
    } catch (const RegistryError& e) {
        return e.what();
    }
    return "no error";
}

}  // namespace

TEST(ModelRegistry, AddsVersionsWithAManifestAndItsChecksum) {
    ScratchDir dir;
    ModelRegistry reg(dir / "registry");
    const std::string f1 = write(dir / "model.json", "{\"one\":1}");
    EXPECT_EQ(reg.add(manifest("m"), f1), 1);
    const std::string f2 = write(dir / "model.json", "{\"two\":2}");
    EXPECT_EQ(reg.add(manifest("m"), f2), 2);
    const Manifest m2 = reg.manifest("m", 2);
    EXPECT_EQ(m2.version, 2);
    EXPECT_EQ(m2.file, "model.json");
    EXPECT_EQ(m2.sha256, sha256_hex("{\"two\":2}"));
    EXPECT_EQ(m2.class_order, (std::vector<std::string>{"down", "up"}));
    EXPECT_EQ(m2.label_mapping["up"], 1);
    EXPECT_EQ(reg.verified_path(m2), reg.version_dir("m", 2) + "/model.json");
    EXPECT_EQ(reg.list("m").size(), 2u);
    EXPECT_EQ(reg.models(), std::vector<std::string>{"m"});
    EXPECT_FALSE(reg.promoted("m"));
}

TEST(ModelRegistry, ATamperedFileIsRefusedNamingBothChecksums) {
    ScratchDir dir;
    ModelRegistry reg(dir / "registry");
    reg.add(manifest("m"), write(dir / "model.json", "{\"one\":1}"));
    write(reg.version_dir("m", 1) + "/model.json", "{\"one\":2}");  // changed after registration
    const Manifest m = reg.manifest("m", 1);
    const std::string why = error_of([&] { reg.verified_path(m); });
    EXPECT_NE(why.find("checksum mismatch"), std::string::npos) << why;
    EXPECT_NE(why.find(m.sha256), std::string::npos) << why;
    EXPECT_NE(why.find(sha256_hex("{\"one\":2}")), std::string::npos) << why;
    EXPECT_NE(error_of([&] { reg.promote("m", 1); }).find("checksum mismatch"), std::string::npos);
    EXPECT_FALSE(reg.promoted("m"));
}

TEST(ModelRegistry, PromoteAndRollbackFollowTheStackOfPromotions) {
    ScratchDir dir;
    ModelRegistry reg(dir / "registry");
    for (int i = 0; i < 3; ++i) reg.add(manifest("m"), write(dir / "model.json", std::to_string(i)));
    EXPECT_NE(error_of([&] { reg.rollback("m"); }).find("no earlier"), std::string::npos);
    reg.promote("m", 1);
    reg.promote("m", 3);
    reg.promote("m", 3);  // again: no new entry
    EXPECT_EQ(*reg.promoted("m"), 3);
    EXPECT_TRUE(reg.list("m")[2].promoted);
    EXPECT_EQ(reg.rollback("m"), 1);
    EXPECT_EQ(*reg.promoted("m"), 1);
    EXPECT_NE(error_of([&] { reg.promote("m", 9); }).find("no such version"), std::string::npos);
}

TEST(ModelRegistry, ARefusalRollsBackOnlyIfTheBadVersionIsStillInService) {
    ScratchDir dir;
    ModelRegistry reg(dir / "registry");
    for (int i = 0; i < 3; ++i) reg.add(manifest("m"), write(dir / "model.json", std::to_string(i)));
    reg.promote("m", 1);
    reg.promote("m", 2);
    EXPECT_EQ(reg.refuse("m", 2, "NaN on the canary batch"), 1);
    EXPECT_EQ(reg.list("m")[1].refused, "NaN on the canary batch");
    reg.promote("m", 3);
    EXPECT_EQ(reg.refuse("m", 2, "late"), 3);  // an operator moved on: left alone
    EXPECT_EQ(*reg.promoted("m"), 3);
}

TEST(ModelRegistry, BadNamesAndBrokenManifestsAreErrorsNotCrashes) {
    ScratchDir dir;
    ModelRegistry reg(dir / "registry");
    EXPECT_NE(error_of([&] { reg.add(manifest("../x"), dir / "none"); }).find("letters, digits"), std::string::npos);
    reg.add(manifest("m"), write(dir / "model.json", "1"));
    write(reg.version_dir("m", 1) + "/manifest.json", "{\"name\": \"m\"");
    EXPECT_NE(error_of([&] { reg.manifest("m", 1); }).find("manifest.json"), std::string::npos);
    write(reg.version_dir("m", 1) + "/manifest.json", "{\"name\": \"m\", \"version\": 1}");
    EXPECT_NE(error_of([&] { reg.manifest("m", 1); }).find("file"), std::string::npos);
}
