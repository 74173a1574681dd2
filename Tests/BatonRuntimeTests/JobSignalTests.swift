import BatonRuntime
import Foundation
import Testing

/// Waiting for new jobs without holding a thread: woken by jobs of the waiter's types,
/// a wake-up that came early kept, the time limit and cancellation kept to.
@Suite struct JobSignalTests {
    @Test func anAsyncWaitIsWokenByJobsOfItsTypesOnly() async {
        let signal = JobSignal()
        let waiter = signal.waiter(for: ["invoices"])
        defer { signal.remove(waiter) }
        // True means woken: the time limit (ten minutes) did not run out.
        async let woken = waiter.wait(for: .seconds(600))
        try? await Task.sleep(for: .milliseconds(100))
        signal.post(types: ["shipping"])
        signal.post(types: ["invoices"])
        #expect(await woken)
    }

    @Test func aWakeUpBeforeTheWaitIsKeptAndTheTimeLimitHolds() async {
        let signal = JobSignal()
        let waiter = signal.waiter(for: ["invoices"])
        defer { signal.remove(waiter) }
        signal.post(types: ["invoices"])
        #expect(await waiter.wait(for: .seconds(600)))
        let started = ContinuousClock.now
        #expect(await waiter.wait(for: .milliseconds(100)) == false)
        #expect(ContinuousClock.now - started >= .milliseconds(100))
    }

    @Test func aCancelledWaitEndsAtOnce() async {
        let signal = JobSignal()
        let waiter = signal.waiter(for: ["invoices"])
        defer { signal.remove(waiter) }
        let started = ContinuousClock.now
        let waiting = Task { await waiter.wait(for: .seconds(600)) }
        try? await Task.sleep(for: .milliseconds(50))
        waiting.cancel()
        #expect(await waiting.value == false)
        #expect(ContinuousClock.now - started < .seconds(300))
    }
}
