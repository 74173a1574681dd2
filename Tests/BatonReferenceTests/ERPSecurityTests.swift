import BatonConnectors
import BatonFEEL
@testable import BatonReference
import Foundation
import GRDB
import Testing

/// Every ERP call must carry a valid `Baton-Signature`; changes are idempotent on their
/// `Idempotency-Key`.
@Suite struct ERPSecurityTests {
    static let order = #"{"debtor_no": "D-10003", "customer_reference": "OPP-2004", "lines": [{"article_no": "FG-KIT-SVC", "qty": 5, "unit_price": "189.90"}]}"#

    @Test func batonsOwnSignerIsAccepted() {
        let body = Array(#"{"a":1}"#.utf8)
        let now = Int(Date().timeIntervalSince1970)
        let header = HTTPTransport.signature(body: body, secret: testSecret, timestamp: now)
        #expect(BatonSignature.isValid(header: header, body: body, secret: testSecret))
        #expect(!BatonSignature.isValid(header: header, body: body + [32], secret: testSecret))
        #expect(!BatonSignature.isValid(header: header, body: body, secret: "other"))
        #expect(!BatonSignature.isValid(header: HTTPTransport.signature(body: body, secret: testSecret, timestamp: now - 301), body: body, secret: testSecret))
        #expect(BatonSignature.isValid(header: HTTPTransport.signature(body: body, secret: testSecret, timestamp: now - 299), body: body, secret: testSecret))
        #expect(!BatonSignature.isValid(header: "t=\(now),v1=zz", body: body, secret: testSecret))
        #expect(!BatonSignature.isValid(header: nil, body: body, secret: testSecret))
    }

    @Test func callsWithoutAValidSignatureAreRefusedWith401() async throws {
        try await withERP { erp, client in
            let body = Self.order
            let expired = BatonSignature.header(body: Array(body.utf8), secret: testSecret, timestamp: Int(Date().timeIntervalSince1970) - 600)
            let otherSecret = BatonSignature.header(body: Array(body.utf8), secret: "not-the-secret")
            let forOtherBody = BatonSignature.header(body: Array("{}".utf8), secret: testSecret)
            let answers = try await blocking {
                [
                    client.send("POST", "/erp/v1/sales-orders", json: body, signature: ""),
                    client.send("POST", "/erp/v1/sales-orders", json: body, signature: expired),
                    client.send("POST", "/erp/v1/sales-orders", json: body, signature: otherSecret),
                    client.send("POST", "/erp/v1/sales-orders", json: body, signature: forOtherBody),
                    client.send("GET", "/erp/v1/sales-orders", signature: "t=1,v1=00"),
                ]
            }
            #expect(answers.map(\.status) == [401, 401, 401, 401, 401])
            #expect(answers[0]["errorCode"] == .string("SIGNATURE_MISSING"))
            #expect(answers[1]["errorCode"] == .string("SIGNATURE_INVALID"))
            #expect(answers.allSatisfy { $0.headers["content-type"] == "application/problem+json" && $0["status"] == number("401") })
            #expect(try erp.salesOrders().count == 1, "only the seeded order: nothing was applied")
            let signed = try await blocking { client.send("POST", "/erp/v1/sales-orders", json: body) }
            #expect(signed.status == 201)
            #expect(signed["net_amount"] == .string("949.50"))
        }
    }

    @Test func aRepeatedIdempotencyKeyReturnsTheFirstAnswerAndCreatesOneOrder() async throws {
        try await withERP { erp, client in
            let (first, second, other) = try await blocking {
                (
                    client.send("POST", "/erp/v1/sales-orders", json: Self.order, idempotencyKey: "pi-1/7"),
                    client.send("POST", "/erp/v1/sales-orders", json: Self.order, idempotencyKey: "pi-1/7"),
                    client.send("POST", "/erp/v1/sales-orders", json: Self.order, idempotencyKey: "pi-1/8")
                )
            }
            #expect(first.status == 201 && second.status == 201)
            #expect(first.body == second.body)
            #expect(first.headers["idempotent-replayed"] == nil && second.headers["idempotent-replayed"] == "true")
            #expect(other["order_no"] != first["order_no"])
            #expect(try erp.salesOrders().map(\.orderNo) == ["SO-40017", "SO-50001", "SO-50002"])
        }
    }

    @Test func aKeyUsedForAnotherRequestIsRefusedAndRefusalsAreNotStored() async throws {
        try await withERP { erp, client in
            let order = try await blocking { client.send("POST", "/erp/v1/sales-orders", json: Self.order, idempotencyKey: "k-1") }
            let orderNo = try #require(order["order_no"].flatMap { if case .string(let s) = $0 { s } else { nil } })
            let (reused, early) = try await blocking {
                (
                    client.send("POST", "/erp/v1/invoices", json: #"{"order_no": "\#(orderNo)"}"#, idempotencyKey: "k-1"),
                    client.send("POST", "/erp/v1/invoices", json: #"{"order_no": "\#(orderNo)"}"#, idempotencyKey: "k-2")
                )
            }
            #expect(reused.status == 422 && reused["errorCode"] == .string("IDEMPOTENCY_KEY_REUSED"))
            #expect(early.status == 409 && early["errorCode"] == .string("NOT_SHIPPED"))
            // The refusal changed nothing and was not stored: once shipped, the same key invoices.
            let (shipped, invoiced) = try await blocking {
                (
                    client.send("POST", "/erp/v1/sales-orders/\(orderNo)/ship", json: #"{"carrier": "UPS"}"#),
                    client.send("POST", "/erp/v1/invoices", json: #"{"order_no": "\#(orderNo)"}"#, idempotencyKey: "k-2")
                )
            }
            #expect(shipped.status == 201 && shipped["carrier"] == .string("UPS"))
            #expect(invoiced.status == 201 && invoiced["net_amount"] == .string("949.50"))
            #expect(try erp.invoices().filter { $0.orderNo == orderNo }.count == 1)
        }
    }

    @Test func aRepeatWhileTheFirstIsInProgressGets429WithRetryAfter() async throws {
        try await withERP { erp, client in
            let started = DispatchSemaphore(value: 0), release = DispatchSemaphore(value: 0)
            // Hold the database so the first request waits inside its transaction.
            Thread {
                erp.database.inDatabase { _ in
                    started.signal()
                    release.wait()
                }
            }.start()
            try await blocking { started.wait() }
            async let first = blocking { client.send("POST", "/erp/v1/sales-orders", json: Self.order, idempotencyKey: "busy") }
            try await Task.sleep(for: .milliseconds(500))
            let repeatAnswer = try await blocking { client.send("POST", "/erp/v1/sales-orders", json: Self.order, idempotencyKey: "busy") }
            release.signal()
            let firstAnswer = try await first
            #expect(repeatAnswer.status == 429 && repeatAnswer.headers["retry-after"] == "1")
            #expect(repeatAnswer["errorCode"] == .string("REQUEST_IN_PROGRESS"))
            #expect(firstAnswer.status == 201)
            #expect(try erp.salesOrders().count == 2)
        }
    }
}
