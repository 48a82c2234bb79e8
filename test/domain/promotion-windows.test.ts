import { applicablePromotionWindows, promotionWindowsMayApply } from "../../src/domain/applicable-promotion-windows.js";
import type { PromotionWindow } from "../../src/domain/compile-promotion-window.js";
import { promotionWindowStatus, promotionWindowStatusUntil } from "../../src/domain/promotion-window-status.js";
import type { KubeObject, Stage } from "../../src/domain/types.js";
import { nameAndLabelsMatches } from "../../src/domain/selectors/name-and-labels-matches.js";

const stage = (name: string, labels: Record<string, string> = {}, project = "shop"): Stage => ({ metadata: { name, namespace: project, labels } });
const config = (windows: Partial<PromotionWindow>[]): KubeObject => ({ metadata: { name: "x" }, spec: { promotionWindows: windows } });
const statusAt = (
  windows: Partial<PromotionWindow>[],
  at: string,
  target: Stage = stage("prod"),
  cluster?: Partial<PromotionWindow>[],
  projectLabels: Record<string, string> = {},
) =>
  promotionWindowStatus(
    applicablePromotionWindows(
      {
        projectConfig: config(windows),
        ...(cluster ? { clusterConfig: config(cluster) } : {}),
        project: { metadata: { name: target.metadata.namespace, labels: projectLabels } },
      },
      target,
      nameAndLabelsMatches,
    ),
    new Date(at),
  );

describe("promotion windows", () => {
  it("is always open without windows", () => {
    expect(statusAt([], "2026-06-01T12:00:00Z")).toEqual({ state: "Open", reason: "no promotion window is active" });
  });

  describe("a one-shot Deny window (no rrule)", () => {
    const freeze = [{ name: "release-freeze", kind: "Deny", dtstart: "20261220T000000Z", dtend: "20270104T000000Z" }];
    it("is open before it, with the freeze's start as the next change", () => {
      const status = statusAt(freeze, "2026-12-19T23:59:59Z");
      expect(status.state).toBe("Open");
      expect(status.nextChange?.toISOString()).toBe("2026-12-20T00:00:00.000Z");
    });
    it("is closed inside it (start inclusive), naming the window and when it ends", () => {
      const status = statusAt(freeze, "2026-12-20T00:00:00Z");
      expect(status).toMatchObject({ state: "Closed", window: "ProjectConfig/release-freeze" });
      expect(status.nextChange?.toISOString()).toBe("2027-01-04T00:00:00.000Z");
    });
    it("is open again at its end (end exclusive), with nothing scheduled after", () => {
      const status = statusAt(freeze, "2027-01-04T00:00:00Z");
      expect(status.state).toBe("Open");
      expect(status.nextChange).toBeUndefined();
    });
    it("is ignored when disabled", () => {
      expect(statusAt([{ ...freeze[0]!, disabled: true }], "2026-12-25T00:00:00Z").state).toBe("Open");
    });
  });

  describe("a weekly Allow window with TZID across the European DST change (2026-03-29)", () => {
    // Weekdays 09:00–17:00 Berlin time: 08:00Z in winter (CET), 07:00Z in summer (CEST).
    const office = [
      {
        name: "office-hours",
        kind: "Allow",
        rrule: "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR",
        dtstart: "TZID=Europe/Berlin:20260302T090000",
        dtend: "TZID=Europe/Berlin:20260302T170000",
      },
    ];
    it("opens at 08:00Z on the Friday before the change", () => {
      expect(statusAt(office, "2026-03-27T07:59:00Z").state).toBe("Closed");
      expect(statusAt(office, "2026-03-27T08:00:00Z").state).toBe("Open");
      expect(statusAt(office, "2026-03-27T15:59:00Z").nextChange?.toISOString()).toBe("2026-03-27T16:00:00.000Z");
    });
    it("is closed over the weekend, reopening Monday 09:00 local = 07:00Z after the change", () => {
      const status = statusAt(office, "2026-03-28T12:00:00Z");
      expect(status).toMatchObject({ state: "Closed", window: "ProjectConfig/office-hours" });
      expect(status.nextChange?.toISOString()).toBe("2026-03-30T07:00:00.000Z");
    });
    it("is open at 07:00Z on the Monday after the change and closes at 15:00Z", () => {
      expect(statusAt(office, "2026-03-30T06:59:59Z").state).toBe("Closed");
      const status = statusAt(office, "2026-03-30T07:00:00Z");
      expect(status).toMatchObject({ state: "Open", window: "ProjectConfig/office-hours" });
      expect(status.nextChange?.toISOString()).toBe("2026-03-30T15:00:00.000Z");
    });
  });

  it("lets a Deny window win where it overlaps an active Allow window", () => {
    const windows = [
      { name: "always", kind: "Allow", rrule: "FREQ=DAILY", dtstart: "20260101T000000Z", dtend: "20260102T000000Z" },
      { name: "lunch", kind: "Deny", rrule: "FREQ=DAILY", dtstart: "20260101T120000Z", dtend: "20260101T130000Z" },
    ];
    expect(statusAt(windows, "2026-05-05T11:59:00Z")).toMatchObject({ state: "Open", window: "ProjectConfig/always" });
    const lunch = statusAt(windows, "2026-05-05T12:30:00Z");
    expect(lunch).toMatchObject({ state: "Closed", window: "ProjectConfig/lunch" });
    expect(lunch.nextChange?.toISOString()).toBe("2026-05-05T13:00:00.000Z");
  });

  it("applies a Stage selector by glob and labels", () => {
    const windows = [
      {
        name: "prod-freeze",
        kind: "Deny",
        stageSelector: { name: "glob:prod-*", matchLabels: { tier: "critical" } },
        dtstart: "20260101T000000Z",
        dtend: "20270101T000000Z",
      },
    ];
    expect(statusAt(windows, "2026-06-01T00:00:00Z", stage("prod-eu", { tier: "critical" })).state).toBe("Closed");
    expect(statusAt(windows, "2026-06-01T00:00:00Z", stage("prod-eu", { tier: "low" })).state).toBe("Open");
    expect(statusAt(windows, "2026-06-01T00:00:00Z", stage("test", { tier: "critical" })).state).toBe("Open");
  });

  it("applies ClusterConfig windows only to the Projects their projectSelector matches", () => {
    const cluster = [
      { name: "global-freeze", kind: "Deny", projectSelector: { matchLabels: { env: "regulated" } }, dtstart: "20260101T000000Z", dtend: "20270101T000000Z" },
    ];
    expect(statusAt([], "2026-06-01T00:00:00Z", stage("prod"), cluster, { env: "regulated" })).toMatchObject({
      state: "Closed",
      window: "ClusterConfig/global-freeze",
    });
    expect(statusAt([], "2026-06-01T00:00:00Z", stage("prod"), cluster, { env: "sandbox" }).state).toBe("Open");
    const byName = [{ ...cluster[0]!, projectSelector: { name: "regex:^shop$" } }];
    expect(statusAt([], "2026-06-01T00:00:00Z", stage("prod", {}, "shop"), byName).state).toBe("Closed");
    expect(statusAt([], "2026-06-01T00:00:00Z", stage("prod", {}, "shopping"), byName).state).toBe("Open");
  });

  it("fails closed on an invalid window, naming the problem", () => {
    for (const bad of [
      { name: "typo", kind: "Deny", rrule: "FREQ=FORTNIGHTLY", dtstart: "20260101T000000Z", dtend: "20260102T000000Z" },
      { name: "typo", kind: "Allow", dtstart: "2026-01-01", dtend: "20260102T000000Z" },
      { name: "typo", kind: "Deny", dtstart: "TZID=Mars/Olympus:20260101T000000", dtend: "20260102T000000Z" },
      { name: "typo", kind: "Maybe", dtstart: "20260101T000000Z", dtend: "20260102T000000Z" },
      { name: "typo", kind: "Deny", dtstart: "20260102T000000Z", dtend: "20260101T000000Z" },
      { name: "typo", kind: "Deny", rrule: `FREQ=DAILY;${"BYHOUR=1;".repeat(200)}`, dtstart: "20260101T000000Z", dtend: "20260102T000000Z" },
    ]) {
      const status = statusAt([bad], "2030-01-01T00:00:00Z");
      expect(status.state).toBe("Closed");
      expect(status.reason).toContain('window "typo" (ProjectConfig) is invalid');
      expect(status.nextChange).toBeUndefined();
    }
  });

  describe("how long a status holds (promotionWindowStatusUntil, what readers keep it by)", () => {
    // Two touching Allow windows: the state stays Open at 10:00, but the deciding window changes.
    const shifts = [
      { name: "early", kind: "Allow", dtstart: "20300101T090000Z", dtend: "20300101T100000Z" },
      { name: "late", kind: "Allow", dtstart: "20300101T100000Z", dtend: "20300101T110000Z" },
    ];
    const spanAt = (windows: Partial<PromotionWindow>[], at: string) =>
      promotionWindowStatusUntil(applicablePromotionWindows({ projectConfig: config(windows) }, stage("prod"), nameAndLabelsMatches), new Date(at));

    it("holds until the next window boundary, even where the state does not change", () => {
      const { status, until } = spanAt(shifts, "2030-01-01T09:30:00Z");
      expect(status).toMatchObject({ state: "Open", window: "ProjectConfig/early" });
      expect(status.nextChange?.toISOString()).toBe("2030-01-01T11:00:00.000Z");
      expect(new Date(until).toISOString()).toBe("2030-01-01T10:00:00.000Z");
      // The same status just before it, another one at it.
      expect(spanAt(shifts, "2030-01-01T09:59:59.999Z").status).toEqual(status);
      expect(spanAt(shifts, "2030-01-01T10:00:00Z").status).toMatchObject({ state: "Open", window: "ProjectConfig/late" });
    });
    it("equals promotionWindowStatus, and holds forever once no boundary is left", () => {
      const { status, until } = spanAt(shifts, "2030-01-02T00:00:00Z");
      expect(status).toEqual(statusAt(shifts, "2030-01-02T00:00:00Z"));
      expect(until).toBe(Number.POSITIVE_INFINITY);
      expect(spanAt([], "2030-01-01T09:30:00Z").until).toBe(Number.POSITIVE_INFINITY);
    });
  });

  describe("whether any window may apply to a project (promotionWindowsMayApply)", () => {
    const freeze = { name: "f", kind: "Deny", dtstart: "20300101T000000Z", dtend: "20300102T000000Z" };
    const mayApply = (project: Partial<PromotionWindow>[] | undefined, cluster: Partial<PromotionWindow>[] | undefined) =>
      promotionWindowsMayApply(
        {
          ...(project ? { projectConfig: config(project) } : {}),
          ...(cluster ? { clusterConfig: config(cluster) } : {}),
          project: { metadata: { name: "shop", labels: { env: "prod" } } },
        },
        "shop",
        nameAndLabelsMatches,
      );
    it("is false without windows, or when every ClusterConfig window selects other projects", () => {
      expect(mayApply(undefined, undefined)).toBe(false);
      expect(mayApply([], [])).toBe(false);
      expect(
        mayApply(undefined, [
          { ...freeze, projectSelector: { name: "glob:other-*" } },
          { ...freeze, projectSelector: { matchLabels: { env: "dev" } } },
        ]),
      ).toBe(false);
    });
    it("is true with a ProjectConfig window, or a ClusterConfig window for every or this project", () => {
      expect(mayApply([{ ...freeze, stageSelector: { name: "nothing-matches" } }], undefined)).toBe(true);
      expect(mayApply(undefined, [freeze])).toBe(true);
      expect(mayApply(undefined, [{ ...freeze, projectSelector: { matchLabels: { env: "prod" } } }])).toBe(true);
    });
  });
});
