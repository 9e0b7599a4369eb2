package dev.compass.mixmodel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The parallel fit gives exactly the sequential result (when the time budget does not cut draws), from any caller. */
class ParallelFitTest {

    /** Generous sampling budget: the chains are never cut, so the result must not depend on the threads. */
    private static FitOptions options(String saturation, long seed) {
        return new FitOptions("par", "", "", saturation, -1, 10, 0.9, 2, seed, 600_000, List.of());
    }

    @Test
    void parallelFitIsBitIdenticalToSequential() {
        for (long seed : new long[] {11, 12}) {
            WeeklyDataset data = MmmSimulator.simulate(seed, 3, 120, 0.025).data();
            FitOptions o = options(SaturationParams.AUTO, seed);
            FittedModel sequential = new MixModelFitter().fit(data, o, 1);
            FittedModel parallel = new MixModelFitter().fit(data, o, 4);
            assertEquals(10, sequential.lineage().draws());
            assertEquals(sequential, parallel, "seed " + seed);
        }
    }

    @Test
    void parallelCalibratedSingleFamilyFitIsBitIdenticalToSequential() {
        MmmSimulator.Simulation sim = MmmSimulator.simulate(13, 3, 120, 0.025);
        double[] truth = sim.truth().get(1).contributions(sim.data().spend().get("ch1"));
        double lift = 0;
        for (int t = 80; t <= 91; t++) lift += truth[t];
        LiftTest test = new LiftTest("ch1", sim.data().weeks().get(80).toString(), sim.data().weeks().get(91).toString(), lift, 0.03 * lift);
        FitOptions o = options(SaturationParams.HILL, 13).withLiftTests(List.of(test));
        assertEquals(new MixModelFitter().fit(sim.data(), o, 1), new MixModelFitter().fit(sim.data(), o, 3));
    }

    @Test
    void concurrentCallersGetTheSequentialResult() throws Exception {
        WeeklyDataset data = MmmSimulator.simulate(14, 3, 120, 0.025).data();
        FitOptions o = options(SaturationParams.AUTO, 14).withDraws(8);
        MixModelFitter fitter = new MixModelFitter();
        FittedModel expected = fitter.fit(data, o, 1);
        ExecutorService callers = Executors.newFixedThreadPool(2);
        try {
            List<Future<FittedModel>> results = new ArrayList<>();
            for (int i = 0; i < 2; i++) results.add(callers.submit(() -> fitter.fit(data, o)));
            for (Future<FittedModel> f : results) assertEquals(expected, f.get());
        } finally {
            callers.shutdownNow();
        }
    }

    @Test
    void runCompletesAPrefixInIndexOrderOnDaemonHelpers() {
        // stops claiming after 25 indices: every claimed index ran, and they are exactly 0..24
        AtomicInteger claims = new AtomicInteger();
        Set<Integer> ran = ConcurrentHashMap.newKeySet();
        Set<Thread> threads = ConcurrentHashMap.newKeySet();
        int done = Parallel.run(100, 4, () -> claims.getAndIncrement() < 25, i -> {
            ran.add(i);
            threads.add(Thread.currentThread());
        });
        assertEquals(25, done);
        for (int i = 0; i < 25; i++) assertTrue(ran.contains(i), "index " + i);
        assertEquals(25, ran.size());
        for (Thread t : threads) assertTrue(t == Thread.currentThread() || t.isDaemon(), t.getName());

        assertEquals(0, Parallel.run(0, 4, () -> true, i -> { }));
        Thread caller = Thread.currentThread();
        assertEquals(7, Parallel.run(7, 1, () -> true, i -> assertSame(caller, Thread.currentThread())));
    }

    @Test
    void runRethrowsTheFirstFailureAfterTheOthersFinished() {
        IllegalStateException boom = new IllegalStateException("boom");
        IllegalStateException thrown = assertThrows(IllegalStateException.class,
                () -> Parallel.run(50, 3, () -> true, i -> {
                    if (i == 5) throw boom;
                }));
        assertSame(boom, thrown);
    }
}
