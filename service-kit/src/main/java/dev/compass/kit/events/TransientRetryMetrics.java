package dev.compass.kit.events;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.spi.Bean;
import jakarta.enterprise.inject.spi.BeanManager;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;

/**
 * The counter {@code compass.consumer.transient.retries} (Prometheus {@code compass_consumer_transient_retries_total}),
 * one series per retrying bean, registered at zero at start-up: an alert on its rate, or on its absence, works before
 * the first outage.
 */
@ApplicationScoped
public class TransientRetryMetrics {
    static final String NAME = "compass.consumer.transient.retries";

    void registerAtStartup(@Observes StartupEvent event, BeanManager beans, MeterRegistry registry) {
        Set<String> names = new TreeSet<>();
        for (Bean<?> bean : beans.getBeans(Object.class, Any.Literal.INSTANCE)) {
            if (retries(bean.getBeanClass())) {
                names.add(bean.getBeanClass().getSimpleName());
            }
        }
        names.forEach(name -> counter(registry, name));
    }

    /** The counter of one retrying bean (by its class's simple name). */
    static Counter counter(MeterRegistry registry, String consumer) {
        return Counter.builder(NAME).description("consumer attempts retried because the infrastructure was unavailable")
                .tag("consumer", consumer).register(registry);
    }

    private static boolean retries(Class<?> type) {
        return type.isAnnotationPresent(RetryTransientFailures.class) || Arrays.stream(type.getDeclaredMethods())
                .anyMatch((Method m) -> m.isAnnotationPresent(RetryTransientFailures.class));
    }
}
