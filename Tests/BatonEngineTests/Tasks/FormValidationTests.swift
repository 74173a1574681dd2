import BatonEngine
import BatonFEEL
import BatonModel
import Testing

/// Completing a user task checks its form: every problem at once, per field, in words.
@Suite struct FormValidationTests {
    static let form = """
        <bpmn:startEvent id="start"/>
        <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="review"/>
        <bpmn:userTask id="review">
          <bpmn:extensionElements>
            <baton:formField id="amount" type="number" min="1" max="10000" required="true"/>
            <baton:formField id="approved" type="boolean" required="true"/>
            <baton:formField id="currency" type="enum" values="EUR, USD" default="EUR"/>
            <baton:formField id="reference" type="string" pattern="[A-Z]{2}-[0-9]+"/>
            <baton:formField id="deliver" type="date"/>
            <baton:formField id="copies" type="long" default="=1 + 1"/>
          </bpmn:extensionElements>
        </bpmn:userTask>
        <bpmn:sequenceFlow id="f2" sourceRef="review" targetRef="end"/>
        <bpmn:endEvent id="end"/>
        """

    func complete(_ variables: FEELContext) throws -> (InstanceDriver, CommandRejection?) {
        var driver = try InstanceDriver(Self.form)
        let task = try #require(driver.userTask("review"))
        do {
            try driver.execute(.completeUserTask(task.key, variables: variables))
            return (driver, nil)
        } catch {
            return (driver, error)
        }
    }

    @Test func everyProblemIsReportedAtOnce() throws {
        let (driver, rejection) = try complete([
            "amount": .number(FEELNumber(0)), "approved": .string("yes"), "currency": .string("GBP"),
            "reference": .string("ab-12"), "deliver": .string("soon"), "copies": decimal("1.5"),
        ])
        #expect(rejection?.message == "user task 'review' cannot be completed with these values: amount: must be at least 1; approved: must be true or false, not \"yes\"; currency: must be one of EUR, USD, not \"GBP\"; reference: must match the pattern [A-Z]{2}-[0-9]+; deliver: must be a date (2026-12-01), not \"soon\"; copies: must be a whole number, not 1.5")
        #expect(rejection?.fieldErrors.map(\.field) == ["amount", "approved", "currency", "reference", "deliver", "copies"])
        #expect(rejection?.fieldErrors.first == FieldError(field: "amount", message: "must be at least 1"))
        #expect(driver.userTask("review") != nil, "a refused completion changes nothing")
    }

    @Test func onlyMissingRequiredFieldsKeepTheShortMessage() throws {
        let (_, rejection) = try complete([:])
        #expect(rejection?.message == "user task 'review' needs the required form fields 'amount', 'approved'")
        #expect(rejection?.fieldErrors == [FieldError(field: "amount", message: "required"), FieldError(field: "approved", message: "required")])
    }

    @Test func validValuesCompleteAndDefaultsFillTheRest() throws {
        let (driver, rejection) = try complete([
            "amount": .number(FEELNumber(250)), "approved": .boolean(true), "reference": .string("SO-1001"), "deliver": .string("2026-12-01"),
        ])
        #expect(rejection == nil)
        #expect(driver.state.status == .completed)
        #expect(driver.variable("currency") == .string("EUR"))
        #expect(driver.variable("copies") == number(2))
    }

    @Test func camundaFormDataReadsConstraintsAndEnumValues() throws {
        var driver = try InstanceDriver("""
            <bpmn:startEvent id="start"/>
            <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="review"/>
            <bpmn:userTask id="review">
              <bpmn:extensionElements><camunda:formData>
                <camunda:formField id="size" type="long"><camunda:validation><camunda:constraint name="max" config="3"/></camunda:validation></camunda:formField>
                <camunda:formField id="color" type="enum"><camunda:value id="red" name="Red"/><camunda:value id="blue" name="Blue"/></camunda:formField>
              </camunda:formData></bpmn:extensionElements>
            </bpmn:userTask>
            <bpmn:sequenceFlow id="f2" sourceRef="review" targetRef="end"/>
            <bpmn:endEvent id="end"/>
            """)
        let task = try #require(driver.userTask("review"))
        let fields = [FieldError(field: "size", message: "must be at most 3"), FieldError(field: "color", message: "must be one of red, blue, not \"green\"")]
        #expect(throws: CommandRejection(.invalidArgument, "user task 'review' cannot be completed with these values: size: must be at most 3; color: must be one of red, blue, not \"green\"", fieldErrors: fields)) {
            try driver.execute(.completeUserTask(task.key, variables: ["size": number(4), "color": .string("green")]))
        }
    }
}
