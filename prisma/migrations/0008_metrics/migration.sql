-- Performance management (SPEC §10, issue 16): metrics (framework + local KPIs), their values
-- and targets per financial period (append-only: a correction is a new row), and links to
-- objectives and actions. The framework rows are loaded per partnership by src/metrics/framework.ts.
-- CreateEnum
CREATE TYPE "MetricDirection" AS ENUM ('higher', 'lower');

-- CreateTable
CREATE TABLE "Metric" (
    "id" TEXT NOT NULL,
    "partnershipId" TEXT NOT NULL,
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "outcome" TEXT NOT NULL,
    "level" TEXT NOT NULL,
    "source" TEXT,
    "frequency" TEXT NOT NULL,
    "frequencyText" TEXT,
    "unit" TEXT NOT NULL DEFAULT 'number',
    "direction" "MetricDirection" NOT NULL,
    "headline" BOOLEAN NOT NULL DEFAULT false,
    "notes" TEXT,
    "isFramework" BOOLEAN NOT NULL DEFAULT false,
    "ownerId" TEXT,
    "position" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Metric_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "MetricValue" (
    "id" TEXT NOT NULL,
    "metricId" TEXT NOT NULL,
    "period" TEXT NOT NULL,
    "periodEnd" DATE NOT NULL,
    "value" DECIMAL(18,4) NOT NULL,
    "source" TEXT,
    "personId" TEXT,
    "via" "Via" NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "MetricValue_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "MetricTarget" (
    "id" TEXT NOT NULL,
    "metricId" TEXT NOT NULL,
    "period" TEXT NOT NULL,
    "periodEnd" DATE NOT NULL,
    "value" DECIMAL(18,4) NOT NULL,
    "personId" TEXT,
    "via" "Via" NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "MetricTarget_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "MetricLink" (
    "id" TEXT NOT NULL,
    "metricId" TEXT NOT NULL,
    "objectiveId" TEXT,
    "actionId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "MetricLink_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Metric_partnershipId_code_key" ON "Metric"("partnershipId", "code");

-- CreateIndex
CREATE INDEX "MetricValue_metricId_periodEnd_createdAt_idx" ON "MetricValue"("metricId", "periodEnd", "createdAt");

-- CreateIndex
CREATE INDEX "MetricTarget_metricId_periodEnd_createdAt_idx" ON "MetricTarget"("metricId", "periodEnd", "createdAt");

-- CreateIndex
CREATE INDEX "MetricLink_actionId_idx" ON "MetricLink"("actionId");

-- CreateIndex
CREATE INDEX "MetricLink_objectiveId_idx" ON "MetricLink"("objectiveId");

-- CreateIndex
CREATE UNIQUE INDEX "MetricLink_metricId_objectiveId_actionId_key" ON "MetricLink"("metricId", "objectiveId", "actionId");

-- AddForeignKey
ALTER TABLE "Metric" ADD CONSTRAINT "Metric_partnershipId_fkey" FOREIGN KEY ("partnershipId") REFERENCES "Partnership"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Metric" ADD CONSTRAINT "Metric_ownerId_fkey" FOREIGN KEY ("ownerId") REFERENCES "Person"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MetricValue" ADD CONSTRAINT "MetricValue_metricId_fkey" FOREIGN KEY ("metricId") REFERENCES "Metric"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MetricValue" ADD CONSTRAINT "MetricValue_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Person"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MetricTarget" ADD CONSTRAINT "MetricTarget_metricId_fkey" FOREIGN KEY ("metricId") REFERENCES "Metric"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MetricTarget" ADD CONSTRAINT "MetricTarget_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Person"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MetricLink" ADD CONSTRAINT "MetricLink_metricId_fkey" FOREIGN KEY ("metricId") REFERENCES "Metric"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MetricLink" ADD CONSTRAINT "MetricLink_objectiveId_fkey" FOREIGN KEY ("objectiveId") REFERENCES "Objective"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MetricLink" ADD CONSTRAINT "MetricLink_actionId_fkey" FOREIGN KEY ("actionId") REFERENCES "Action"("id") ON DELETE CASCADE ON UPDATE CASCADE;

