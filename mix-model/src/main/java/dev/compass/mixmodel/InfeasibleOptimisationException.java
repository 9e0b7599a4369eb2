package dev.compass.mixmodel;

/** The optimisation request cannot be satisfied (bounds versus budget, missing inputs); the message says why. */
public class InfeasibleOptimisationException extends RuntimeException {

    public InfeasibleOptimisationException(String message) {
        super(message);
    }
}
