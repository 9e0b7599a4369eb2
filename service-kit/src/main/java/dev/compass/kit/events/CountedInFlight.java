package dev.compass.kit.events;

import jakarta.interceptor.InterceptorBinding;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * On a consumer: its handling of an event counts in {@link EventsInFlight} from the first attempt to the end of the
 * last, the commit of its transaction included ({@link InFlightCounter}), so that a stopping service lets it finish
 * before its database closes ({@link StopConsumingFirst}). Required on every class (or method) with an
 * {@code @Incoming} method: a service with an uncounted consumer does not start.
 */
@InterceptorBinding
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
public @interface CountedInFlight {}
