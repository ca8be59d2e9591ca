-- Issue 13: contracts by the regime that governs them (SPEC §10).
-- New routes (Procurement Act 2023), new stages (tender/market notice, evaluation), the SRO role,
-- the notice date and standstill end, extension options used, and the contract's terms (periods).
-- Enum values are added with IF NOT EXISTS (another migration may add 'sro' too) and are not
-- used in this migration (it runs in one transaction).

ALTER TYPE "RoleKind" ADD VALUE IF NOT EXISTS 'sro';

ALTER TYPE "ContractRoute" ADD VALUE IF NOT EXISTS 'pa_open';
ALTER TYPE "ContractRoute" ADD VALUE IF NOT EXISTS 'pa_competitive_flexible';
ALTER TYPE "ContractRoute" ADD VALUE IF NOT EXISTS 'pa_direct_award';

ALTER TYPE "ContractStage" ADD VALUE IF NOT EXISTS 'market_notice' BEFORE 'notice_published';
ALTER TYPE "ContractStage" ADD VALUE IF NOT EXISTS 'evaluation' BEFORE 'notice_published';

-- AlterTable
ALTER TABLE "Contract" ADD COLUMN     "extensionOptionsUsed" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "termRenewed" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "noticeDate" DATE,
ADD COLUMN     "standstillEnd" DATE;

-- AlterTable
ALTER TABLE "ContractUpdate" ADD COLUMN     "detail" TEXT;

-- CreateTable
CREATE TABLE "ContractPeriod" (
    "id" TEXT NOT NULL,
    "partnershipId" TEXT NOT NULL,
    "contractId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "provider" TEXT,
    "startDate" DATE,
    "endDate" DATE NOT NULL,
    "annualValue" DECIMAL(14,2),
    "route" "ContractRoute",
    "personId" TEXT,
    "via" "Via" NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ContractPeriod_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "ContractPeriod_contractId_endDate_idx" ON "ContractPeriod"("contractId", "endDate");

-- AddForeignKey
ALTER TABLE "ContractPeriod" ADD CONSTRAINT "ContractPeriod_partnershipId_fkey" FOREIGN KEY ("partnershipId") REFERENCES "Partnership"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ContractPeriod" ADD CONSTRAINT "ContractPeriod_contractId_fkey" FOREIGN KEY ("contractId") REFERENCES "Contract"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ContractPeriod" ADD CONSTRAINT "ContractPeriod_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Person"("id") ON DELETE SET NULL ON UPDATE CASCADE;
