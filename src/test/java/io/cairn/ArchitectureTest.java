package io.cairn;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModules;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** The dependency rules of STYLE.md, checked on the production classes. */
@AnalyzeClasses(packages = "io.cairn", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @Test
    void featurePackagesFormModulesWithoutCycles() {
        ApplicationModules.of(CairnApplication.class).verify();
    }

    @ArchTest
    static final ArchRule onlyStorageTalksToHadoop = noClasses()
            .that()
            .resideOutsideOfPackages(
                    "io.cairn.storage..", "io.cairn.hadoop..", "io.cairn.agent.sdk..", "io.cairn.agent.demo..")
            .should()
            .dependOnClassesThat()
            .resideInAPackage("org.apache.hadoop..")
            .because("storage is Cairn's one port to file systems (agents, engine-side, write their own state)");

    @ArchTest
    static final ArchRule onlyCatalogAndJobUseJpa = noClasses()
            .that()
            .resideOutsideOfPackages("io.cairn.catalog..", "io.cairn.job..")
            .should()
            .dependOnClassesThat()
            .resideInAPackage("jakarta.persistence..")
            .because("entities never leave the catalog and job packages");

    @ArchTest
    static final ArchRule timeComesFromTheInjectedClock = noClasses()
            .should()
            .callMethod(java.time.Instant.class, "now")
            .orShould()
            .callMethod(System.class, "currentTimeMillis")
            .orShould()
            .callMethod(java.time.LocalDateTime.class, "now")
            .orShould()
            .callMethod(java.time.OffsetDateTime.class, "now")
            .because("tests drive time through a mutable Clock");

    @ArchTest
    static final ArchRule protocolDependsOnTheJdkAndJacksonOnly = classes()
            .that()
            .resideInAPackage("io.cairn.protocol..")
            .should()
            .onlyDependOnClassesThat()
            .resideInAnyPackage("io.cairn.protocol..", "java..", "javax.crypto..", "com.fasterxml.jackson.annotation..")
            .because("an engine takes the protocol alone, in any build, and other languages read it from docs/");

    @ArchTest
    static final ArchRule agentSdkDependsOnTheProtocolAndLibrariesOnly = classes()
            .that()
            .resideInAPackage("io.cairn.agent.sdk..")
            .should()
            .onlyDependOnClassesThat()
            .resideInAnyPackage(
                    "io.cairn.agent.sdk..",
                    "io.cairn.protocol..",
                    "io.cairn.hadoop..",
                    "java..",
                    "javax.crypto..",
                    "com.sun.net.httpserver..",
                    "org.apache.hadoop..",
                    "tools.jackson..",
                    "com.fasterxml.jackson.annotation..")
            .because("engines embed the SDK without Cairn's service, Spring or a database");

    @ArchTest
    static final ArchRule noGrabBagNames = noClasses()
            .should()
            .haveSimpleNameEndingWith("Utils")
            .orShould()
            .haveSimpleNameEndingWith("Impl")
            .because("classes are named for their job");
}
