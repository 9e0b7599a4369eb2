package dev.compass.agent.messaging;

import jakarta.interceptor.InterceptorBinding;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * On a consumer: its handling of an event counts in {@link EventsInFlight} from the first attempt to the end of the
 * last, the commit of its transaction included ({@link InFlightCounter}).
 */
@InterceptorBinding
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
public @interface CountedInFlight {}
