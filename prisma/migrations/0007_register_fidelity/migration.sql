-- AlterTable
ALTER TABLE "Action" ADD COLUMN     "leadOfficerId" TEXT,
ADD COLUMN     "reviewUntil" TIMESTAMP(3);

-- AlterTable
ALTER TABLE "StatusUpdate" ADD COLUMN     "change" TEXT,
ADD COLUMN     "source" TEXT;

-- CreateTable
CREATE TABLE "ActionDeputy" (
    "actionId" TEXT NOT NULL,
    "personId" TEXT NOT NULL,
    "position" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "ActionDeputy_pkey" PRIMARY KEY ("actionId","personId")
);

-- CreateTable
CREATE TABLE "PlanYear" (
    "id" TEXT NOT NULL,
    "partnershipId" TEXT NOT NULL,
    "label" TEXT NOT NULL,
    "nextLabel" TEXT NOT NULL,
    "closedAt" TIMESTAMP(3) NOT NULL,
    "closedById" TEXT,
    "reviewFile" TEXT,
    "register" JSONB NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "PlanYear_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "ActionDeputy_personId_idx" ON "ActionDeputy"("personId");

-- CreateIndex
CREATE UNIQUE INDEX "PlanYear_partnershipId_label_key" ON "PlanYear"("partnershipId", "label");

-- AddForeignKey
ALTER TABLE "Action" ADD CONSTRAINT "Action_leadOfficerId_fkey" FOREIGN KEY ("leadOfficerId") REFERENCES "Person"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ActionDeputy" ADD CONSTRAINT "ActionDeputy_actionId_fkey" FOREIGN KEY ("actionId") REFERENCES "Action"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ActionDeputy" ADD CONSTRAINT "ActionDeputy_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Person"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PlanYear" ADD CONSTRAINT "PlanYear_partnershipId_fkey" FOREIGN KEY ("partnershipId") REFERENCES "Partnership"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PlanYear" ADD CONSTRAINT "PlanYear_closedById_fkey" FOREIGN KEY ("closedById") REFERENCES "Person"("id") ON DELETE SET NULL ON UPDATE CASCADE;

