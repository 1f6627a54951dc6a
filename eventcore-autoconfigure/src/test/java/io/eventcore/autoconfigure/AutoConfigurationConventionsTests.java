package io.eventcore.autoconfigure;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.methods;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noMethods;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;

/** Spring Boot's conventions for auto-configuration code (house style 8 and 9), held by the build. */
class AutoConfigurationConventionsTests {

    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.eventcore.autoconfigure");

    @Test
    void autoConfigurationsArePublicFinal() {
        classes().that().areAnnotatedWith(AutoConfiguration.class).should().bePublic()
                .andShould().haveModifier(JavaModifier.FINAL).check(CLASSES);
    }

    @Test
    void beanMethodsAreNotPublic() {
        methods().that().areAnnotatedWith(Bean.class).should().notBePublic().check(CLASSES);
    }

    @Test
    void classConditionsSitOnClassesNotOnBeanMethods() {
        noMethods().should().beAnnotatedWith(ConditionalOnClass.class).check(CLASSES);
    }

    @Test
    void everyAutoConfigurationIsListedInTheImportsFile() throws IOException {
        String imports;
        try (InputStream in = getClass().getResourceAsStream(
                "/META-INF/spring/org.springframework.boot.autoconfigure.AutoConfiguration.imports")) {
            assertThat(in).isNotNull();
            imports = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        String[] listed = Arrays.stream(imports.split("\\R")).map(String::strip).filter(line -> !line.isEmpty())
                .toArray(String[]::new);
        String[] annotated = CLASSES.stream().filter(type -> type.isAnnotatedWith(AutoConfiguration.class))
                .map(JavaClass::getName).toArray(String[]::new);
        assertThat(listed).containsExactlyInAnyOrder(annotated);
    }
}
