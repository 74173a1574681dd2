import BatonFEEL

/// What the ERP tells Baton, in Baton's canonical shape (the ERP's integration module maps
/// its own records, as the bindings do for calls the other way).
enum ERPNotifications {
    /// Messages are kept by Baton for a day when no instance waits yet.
    static let timeToLive: Int64 = 86_400_000

    /// `shipmentDispatched`, correlated by the sales order number, with the shipment.
    static func shipmentDispatched(_ shipment: ERPShipment) -> BatonMessage {
        BatonMessage(
            messageName: "shipmentDispatched", correlationKey: shipment.orderNo, variables: ["shipment": .context(canonical(shipment))],
            messageId: "erp-shipment-\(shipment.shipmentNo)", timeToLive: timeToLive)
    }

    /// `productionCompleted`, correlated by the production order number, with the quantity.
    static func productionCompleted(_ order: ERPProductionOrder) -> BatonMessage {
        BatonMessage(
            messageName: "productionCompleted", correlationKey: order.prodNo, variables: ["producedQuantity": .number(FEELNumber(order.producedQty))],
            messageId: "erp-production-\(order.prodNo)", timeToLive: timeToLive)
    }

    /// The canonical Shipment.
    static func canonical(_ shipment: ERPShipment) -> FEELContext {
        [
            "id": .string(shipment.shipmentNo), "salesOrderId": .string(shipment.orderNo), "carrier": .string(shipment.carrier),
            "trackingNumber": .string(shipment.trackingNo), "status": .string(shipment.status.lowercased()),
            "dispatchedAt": shipment.dispatchedAt.map(FEELValue.string) ?? .null,
        ]
    }
}
