public import BatonConnectors
public import BatonEngine
public import BatonRuntime
public import BatonSQLite
import Foundation
import NIOPosix

/// Everything a request needs, shared by the server's handlers: the runtime (behind a
/// lock, since deploying changes it), the directory of users, the task service and the
/// external-task service, all on one SQLite database.
///
/// Engine calls block (SQLite); ``run(_:)`` moves them onto the host's own thread pool so
/// the event loops stay free. The pool is large (`workers`, default 32) because most of
/// its threads wait on the disk: concurrent saves are committed together (group commit),
/// so the more requests wait at once, the fewer fsyncs per request.
public final class EngineHost: Sendable {
    public let sqlite: SQLiteStore
    public let store: GroupCommitStore
    public let directory: Directory
    public let bindings: ConnectorBindings
    private let state: Locked<Runtime>
    private let pool: NIOThreadPool

    /// Opens the host on `sqlite`, binding `bindings` (connector handlers the executor runs).
    /// The engine reads the time from `clock` (a ``ManualClock`` lets tests fire timers).
    public init(
        sqlite: SQLiteStore, bindings: ConnectorBindings = ConnectorBindings(), clock: any EngineClock = SystemClock(), workers: Int = 32,
        configure: (inout Runtime) -> Void = { _ in }
    ) throws(RuntimeError) {
        self.sqlite = sqlite
        pool = NIOThreadPool(numberOfThreads: max(1, workers))
        pool.start()
        store = GroupCommitStore(store: sqlite)
        var runtime = try Runtime(store: store, clock: clock)
        runtime.bind(bindings)
        configure(&runtime)
        state = Locked(runtime)
        directory = Directory(store: sqlite)
        self.bindings = bindings
    }

    /// The runtime as it is now (a cheap copy: its tables are shared copy-on-write).
    public var runtime: Runtime { state.value }

    /// Deploys BPMN text; deployments are serialized.
    public func deploy(xml: String, fileName: String) throws(RuntimeError) -> Runtime.DeployOutcome {
        try state.mutate { (runtime: inout Runtime) throws(RuntimeError) in try runtime.deploy(xml: xml, fileName: fileName) }
    }

    /// The task service over the current runtime.
    public var tasks: TaskService { TaskService(runtime: runtime, directory: directory, tasks: sqlite) }

    /// The external-task service over the current runtime.
    public var externalTasks: ExternalTaskService { ExternalTaskService(runtime: runtime, bindings: bindings) }

    /// Runs blocking engine work off the event loops.
    public func run<T: Sendable>(_ body: @escaping @Sendable (EngineHost) throws -> T) async throws -> T {
        try await pool.runIfActive { try body(self) }
    }

    deinit { pool.shutdownGracefully { _ in } }
}

/// A value behind a lock.
final class Locked<Value: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: Value

    init(_ value: Value) { stored = value }

    var value: Value { lock.withLock { stored } }

    func mutate<T, E: Error>(_ body: (inout Value) throws(E) -> T) throws(E) -> T {
        lock.lock()
        defer { lock.unlock() }
        return try body(&stored)
    }
}
