package io.kairos.app;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import io.kairos.domain.archfixture.DomainClassThatLeaksSpring;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * States the dependency rule of the hexagon: the domain depends on no framework and no adapter; adapters never see
 * each other. Runs here because this module has every other module on its classpath.
 */
class ArchitectureTest {

    static final String DOMAIN = "io.kairos.domain..";
    static final String PERSISTENCE = "io.kairos.persistence..";
    static final String STREAMING = "io.kairos.streaming..";
    static final String BATCH = "io.kairos.batch..";
    static final String APP = "io.kairos.app..";

    static final ArchRule DOMAIN_IS_FRAMEWORK_FREE = noClasses()
            .that()
            .resideInAPackage(DOMAIN)
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(
                    "org.springframework..",
                    "org.apache.kafka..",
                    "kafka..",
                    "org.jooq..",
                    "java.sql..",
                    "javax.sql..",
                    "org.postgresql..",
                    "jakarta..",
                    "javax.persistence..",
                    "org.hibernate..",
                    "com.fasterxml.jackson..",
                    "tools.jackson..",
                    "org.flywaydb..",
                    "io.zonky..",
                    PERSISTENCE,
                    STREAMING,
                    BATCH,
                    APP)
            .because("the domain is the shared core both modes drive; frameworks belong in adapters");

    static final ArchRule PERSISTENCE_SEES_NO_OTHER_ADAPTER = noClasses()
            .that()
            .resideInAPackage(PERSISTENCE)
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(STREAMING, BATCH, APP)
            .because("adapters meet only through the domain's ports");

    static final ArchRule STREAMING_SEES_NO_OTHER_ADAPTER = noClasses()
            .that()
            .resideInAPackage(STREAMING)
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(PERSISTENCE, BATCH, APP)
            .because("adapters meet only through the domain's ports");

    static final ArchRule BATCH_SEES_NO_OTHER_ADAPTER = noClasses()
            .that()
            .resideInAPackage(BATCH)
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(PERSISTENCE, STREAMING, APP)
            .because("adapters meet only through the domain's ports");

    static JavaClasses production;

    @BeforeAll
    static void importProductionClasses() {
        // Other modules arrive as directories in a reactor build and as jars otherwise; both are imported.
        production = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.kairos");
    }

    @Test
    void givenProductionClasses_whenChecked_thenEveryModuleIsPresent() {
        assertThat(production.containPackage("io.kairos.domain")).isTrue();
        assertThat(production.containPackage("io.kairos.persistence")).isTrue();
        assertThat(production.containPackage("io.kairos.streaming")).isTrue();
        assertThat(production.containPackage("io.kairos.batch")).isTrue();
        assertThat(production.containPackage("io.kairos.app")).isTrue();
    }

    @Test
    void givenDomain_whenChecked_thenItDependsOnNoFrameworkAndNoAdapter() {
        DOMAIN_IS_FRAMEWORK_FREE.check(production);
    }

    @Test
    void givenAdapters_whenChecked_thenNoneDependsOnAnother() {
        PERSISTENCE_SEES_NO_OTHER_ADAPTER.check(production);
        STREAMING_SEES_NO_OTHER_ADAPTER.check(production);
        BATCH_SEES_NO_OTHER_ADAPTER.check(production);
    }

    @Test
    void givenADomainClassThatImportsSpring_whenChecked_thenTheRuleFails() {
        JavaClasses leaking = new ClassFileImporter().importClasses(DomainClassThatLeaksSpring.class);
        EvaluationResult result = DOMAIN_IS_FRAMEWORK_FREE.evaluate(leaking);
        assertThat(result.hasViolation()).isTrue();
        assertThat(result.getFailureReport().toString()).contains("org.springframework");
    }
}
