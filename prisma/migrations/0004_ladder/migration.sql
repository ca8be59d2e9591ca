-- AlterEnum
ALTER TYPE "RoleKind" ADD VALUE IF NOT EXISTS 'sro';

-- CreateTable
CREATE TABLE "Escalation" (
    "id" TEXT NOT NULL,
    "partnershipId" TEXT NOT NULL,
    "actionId" TEXT NOT NULL,
    "rung" TEXT NOT NULL,
    "episode" TEXT NOT NULL,
    "day" DATE NOT NULL,
    "personIds" TEXT[],
    "chasedAt" TIMESTAMP(3),
    "raisedAt" TIMESTAMP(3),
    "actedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Escalation_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Escalation_partnershipId_rung_idx" ON "Escalation"("partnershipId", "rung");

-- CreateIndex
CREATE UNIQUE INDEX "Escalation_actionId_rung_episode_key" ON "Escalation"("actionId", "rung", "episode");

-- AddForeignKey
ALTER TABLE "Escalation" ADD CONSTRAINT "Escalation_partnershipId_fkey" FOREIGN KEY ("partnershipId") REFERENCES "Partnership"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Escalation" ADD CONSTRAINT "Escalation_actionId_fkey" FOREIGN KEY ("actionId") REFERENCES "Action"("id") ON DELETE CASCADE ON UPDATE CASCADE;

