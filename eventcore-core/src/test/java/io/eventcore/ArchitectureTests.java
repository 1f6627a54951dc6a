package io.eventcore;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import com.tngtech.archunit.library.GeneralCodingRules;
import org.jspecify.annotations.NullMarked;

/**
 * The house-style rules of {@code eventcore-core} that a machine can check, on the production
 * classes only.
 */
@AnalyzeClasses(packages = "io.eventcore", importOptions = {ImportOption.DoNotIncludeTests.class, ImportOption.DoNotIncludeJars.class})
class ArchitectureTests {

    @ArchTest
    static final ArchRule coreDependsOnNoSpringClass = noClasses()
            .should().dependOnClassesThat().resideInAPackage("org.springframework..")
            .because("eventcore-core must work without Spring; integration lives in eventcore-autoconfigure");

    @ArchTest
    static final ArchRule coreDependsOnNoMicrometerClass = noClasses()
            .should().dependOnClassesThat().resideInAPackage("io.micrometer..")
            .because("core reports through listener SPIs; the Micrometer binding lives in eventcore-autoconfigure");

    @ArchTest
    static final ArchRule productionCodeDependsOnNoTestFramework = noClasses()
            .should().dependOnClassesThat().resideInAnyPackage("org.junit..", "org.assertj..", "org.mockito..")
            .because("the production jar, test fixtures included, must not need a test framework on the classpath");

    @ArchTest
    static final ArchRule storeSpiDependsOnNoStoreImplementation = noClasses()
            .that().resideInAnyPackage("io.eventcore", "io.eventcore.store", "io.eventcore.serialization")
            .should().dependOnClassesThat().resideInAnyPackage("io.eventcore.store.memory..", "io.eventcore.store.postgres..")
            .because("the command model and the SPI must work with any store");

    @ArchTest
    static final ArchRule storesAreIndependentOfEachOther = noClasses()
            .that().resideInAPackage("io.eventcore.store.memory..")
            .should().dependOnClassesThat().resideInAPackage("io.eventcore.store.postgres..")
            .orShould().dependOnClassesThat().resideInAPackage("java.sql..");

    @ArchTest
    static final ArchRule everyExceptionExtendsEventCoreException = classes()
            .that().areAssignableTo(Throwable.class)
            .should().beAssignableTo(EventCoreException.class)
            .andShould().haveSimpleNameEndingWith("Exception")
            .because("callers catch one root type; exceptions are named for their condition (STYLE.md rule 6)");

    @ArchTest
    static final ArchRule everyPackageIsNullMarked = classes()
            .should(resideInNullMarkedPackage())
            .because("every package declares its null-safety in package-info.java (STYLE.md rule 3)");

    @ArchTest
    static final ArchRule noAccessToStandardStreams = GeneralCodingRules.NO_CLASSES_SHOULD_ACCESS_STANDARD_STREAMS;

    @ArchTest
    static final ArchRule noGenericExceptionsThrown = GeneralCodingRules.NO_CLASSES_SHOULD_THROW_GENERIC_EXCEPTIONS;

    @ArchTest
    static final ArchRule noJavaUtilLogging = GeneralCodingRules.NO_CLASSES_SHOULD_USE_JAVA_UTIL_LOGGING;

    @ArchTest
    static final ArchRule storeImplementationsHideTheirHelpers = classes()
            .that().resideInAnyPackage("io.eventcore.store.memory..", "io.eventcore.store.postgres..")
            .and().arePublic()
            .and().areTopLevelClasses()
            .should().haveSimpleNameEndingWith("EventStore")
            .orShould().haveSimpleNameEndingWith("Properties")
            .orShould().haveSimpleNameEndingWith("Options")
            .orShould().haveSimpleNameEndingWith("Exception")
            .because("implementation classes are package-private (STYLE.md rule 2)");

    private static ArchCondition<JavaClass> resideInNullMarkedPackage() {
        return new ArchCondition<>("reside in a package annotated with @NullMarked") {
            @Override
            public void check(JavaClass javaClass, ConditionEvents events) {
                boolean marked = javaClass.getPackage().isAnnotatedWith(NullMarked.class);
                if (!marked) {
                    events.add(SimpleConditionEvent.violated(javaClass, "package " + javaClass.getPackageName()
                            + " of " + javaClass.getName() + " has no @NullMarked package-info.java"));
                }
            }
        };
    }
}
