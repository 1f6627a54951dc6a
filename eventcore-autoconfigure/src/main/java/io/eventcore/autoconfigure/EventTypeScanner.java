package io.eventcore.autoconfigure;

import io.eventcore.EventType;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.annotation.AnnotatedBeanDefinition;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.env.Environment;
import org.springframework.core.io.ResourceLoader;
import org.springframework.core.type.filter.AnnotationTypeFilter;
import org.springframework.util.ClassUtils;

/**
 * Finds {@link EventType @EventType} classes below given packages by reading class files with ASM,
 * loading only the matches, so scanning an application's packages stays cheap.
 */
final class EventTypeScanner {

    private final ClassPathScanningCandidateComponentProvider provider;
    private final @Nullable ClassLoader classLoader;

    EventTypeScanner(Environment environment, ResourceLoader resourceLoader) {
        this.provider = new ClassPathScanningCandidateComponentProvider(false, environment) {
            @Override
            protected boolean isCandidateComponent(AnnotatedBeanDefinition definition) {
                // Unlike components, events may be nested records; only inner (non-static) classes are out.
                return definition.getMetadata().isIndependent() && !definition.getMetadata().isAnnotation();
            }
        };
        // considerMetaAnnotations false: @EventType is not meant to be used as a meta-annotation
        provider.addIncludeFilter(new AnnotationTypeFilter(EventType.class, false, true));
        provider.setResourceLoader(resourceLoader);
        this.classLoader = resourceLoader.getClassLoader();
    }

    /**
     * Annotated classes below the packages, in a stable order.
     *
     * @throws IllegalStateException if a matching class cannot be loaded
     */
    Set<Class<?>> scan(Collection<String> packages) {
        Set<Class<?>> found = new LinkedHashSet<>();
        for (String basePackage : packages) {
            for (BeanDefinition candidate : provider.findCandidateComponents(basePackage)) {
                String className = Objects.requireNonNull(candidate.getBeanClassName());
                try {
                    found.add(ClassUtils.forName(className, classLoader));
                } catch (ClassNotFoundException | LinkageError e) {
                    throw new IllegalStateException("cannot load event class " + className, e);
                }
            }
        }
        return found;
    }
}
