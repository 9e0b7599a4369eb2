package dev.compass.kit.events;

import jakarta.interceptor.InterceptorBinding;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * On a consumer: an event whose processing failed because the infrastructure was unavailable (the database down or
 * out of connections) is processed again, with a growing pause, until it succeeds, instead of being dead-lettered as
 * if it were poison. The consumer's partition waits meanwhile, so order is kept and nothing is lost. Any other failure
 * goes on to the channel's failure strategy as before. See {@link TransientFailures}.
 */
@InterceptorBinding
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
public @interface RetryTransientFailures {}
