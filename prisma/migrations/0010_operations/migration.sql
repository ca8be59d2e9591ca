-- CreateTable
CREATE TABLE "ImportRun" (
    "id" TEXT NOT NULL,
    "partnershipId" TEXT,
    "files" TEXT[],
    "outcome" TEXT NOT NULL,
    "durationMs" INTEGER NOT NULL,
    "startedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ImportRun_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "ImportRun_startedAt_idx" ON "ImportRun"("startedAt");

