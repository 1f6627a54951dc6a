package io.eventcore.autoconfigure.scan;

import org.springframework.boot.autoconfigure.AutoConfigurationPackage;
import org.springframework.context.annotation.Configuration;

/** Makes this package the auto-configuration package, as an application's main class would. */
@Configuration(proxyBeanMethods = false)
@AutoConfigurationPackage
public class ScanConfiguration {
}
